"""The shared formatting helpers every widget's text uses (live_widgets/core/format.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from live_widgets.core.format import compact, counted, per_second, significant


@pytest.mark.parametrize(
    ("amount", "singular", "plural", "expected"),
    [
        (1, "shard", None, "1 shard"),
        (0, "shard", None, "0 shards"),
        (1_024, "shard", None, "1,024 shards"),
        ("1", "year", None, "1 year"),
        ("1.5", "server", None, "1.5 servers"),
        (1, "copy", "copies", "1 copy"),
        (3, "copy", "copies", "3 copies"),
    ],
)
def test_counted_is_singular_only_when_the_amount_reads_one(
    amount: int | str, singular: str, plural: str | None, expected: str
) -> None:
    """A whole number gets thousands separators; the noun follows what the reader sees."""
    assert counted(amount, singular, plural) == expected


@pytest.mark.parametrize(
    ("amount", "singular", "expected"),
    [("1", "write", "1 write/s"), ("0.5", "write", "0.5 writes/s"), (2_500, "job", "2,500 jobs/s")],
)
def test_per_second_puts_the_rate_after_the_counted_noun(
    amount: int | str, singular: str, expected: str
) -> None:
    """'1 write/s', as '1 write' each second; never '1 writes/s'."""
    assert per_second(amount, singular) == expected


@given(st.integers(min_value=0, max_value=10**12))
def test_counted_whole_numbers_agree_with_their_own_text(amount: int) -> None:
    """An int and its formatted text give the same words (one rule for both forms)."""
    assert counted(amount, "node") == counted(f"{amount:,}", "node")


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_compact_and_significant_never_write_an_exponent(value: float) -> None:
    """Readers see '0.0051' or 'under 0.0001', never '5.1e-03'."""
    for text in (compact(value), significant(value)):
        assert "e" not in text.replace("under", ""), text
