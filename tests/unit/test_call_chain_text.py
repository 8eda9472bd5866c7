"""Formatting shared by the availability widgets: never 100% for what can fail, no exponents."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.call_chain.text import (
    availability_text,
    count_text,
    hours_text,
    minutes_text,
    odds_text,
    share_text,
)


@pytest.mark.parametrize(
    ("unavailable", "text"),
    [
        (0.001, "99.9%"),
        (1 - 0.999**5, "99.5%"),
        (1e-6, "99.9999%"),
        (1e-9, "99.9999999%"),
        (0.0015, "99.85%"),
        (0.878, "12.2%"),
        (0.0, "100%"),
        (1.0, "0%"),
    ],
)
def test_availability_text(unavailable: float, text: str) -> None:
    """Two significant digits of the unavailability, trailing zeros dropped."""
    assert availability_text(unavailable) == text


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=1e-300, max_value=0.999999))
def test_availability_below_one_never_reads_100(unavailable: float) -> None:
    """Anything that can fail is shown below 100%, or as 'over 99.99...' with its nines."""
    text = availability_text(unavailable)
    assert text != "100%"
    if not text.startswith("over"):
        assert float(text.rstrip("%")) < 100
    assert "e" not in text.replace("over", "").replace("nines", "")


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (215.57, "216 minutes (3.6 hours)"),
        (43.2, "43.2 minutes"),
        (0.2159, "13 seconds"),
        (0.0432, "2.6 seconds"),
        (4.32e-5, "2.6 ms"),
        (0.01134, "680 ms"),
        (0.001662, "100 ms"),
        (1e-20, "under a millisecond"),
    ],
)
def test_minutes_text(minutes: float, text: str) -> None:
    """Durations switch to hours, seconds and ms where minutes read badly."""
    assert minutes_text(minutes) == text


def test_hours_counts_and_odds() -> None:
    """Hours become days, big counts become words, small probabilities become odds."""
    assert hours_text(144.0) == "144 hours (6 days)"
    assert hours_text(50.0) == "50 hours (2.1 days)"
    assert hours_text(0.0072) == "26 seconds"
    assert count_text(1024) == "1,024"
    assert count_text(6**20) == "3,656 trillion"
    assert count_text(99_700_000) == "100 million"
    assert count_text(3_700_000) == "3.7 million"
    assert odds_text(1e-6) == "1 in 1 million"
    assert odds_text(1e-30) == "1 in 10^30"
    assert share_text(0.0956) == "9.6%"
    assert share_text(1 - 1e-12) == "nearly 100%"


EXPONENT = re.compile(r"\d[eE][+-]?\d|nan|inf", re.I)


@settings(max_examples=400, deadline=None)
@given(st.floats(min_value=0.0, max_value=1e12, allow_nan=False))
def test_no_exponents_for_any_duration(value: float) -> None:
    """Durations of any size read as words and digits, never 1e+02 or inf."""
    for text in (minutes_text(value), hours_text(value)):
        assert not EXPONENT.search(text), text


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 6**20), st.floats(min_value=1e-300, max_value=1.0))
def test_no_exponents_for_counts_and_shares(count: int, fraction: float) -> None:
    """Counts, shares, odds and availabilities never fall back to exponent notation."""
    for text in (count_text(count), share_text(fraction), odds_text(fraction)):
        assert not EXPONENT.search(text.replace("10^", "")), text
    if fraction < 1.0:
        assert not EXPONENT.search(availability_text(fraction)), availability_text(fraction)
