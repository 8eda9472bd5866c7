"""The tail-latency model against the contract's formulas, an enumeration and the sources."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.tail_latency.model import (
    HOURS_PER_MONTH,
    MAX_FANOUT,
    Tail,
    burn_rate,
    error_budget_minutes,
    fanout_curve,
    hours_to_exhaust,
    slow_request_pct,
)


@pytest.mark.parametrize(
    ("fanout", "slow"), [(1, 1.0), (10, 1.0), (100, 1.0), (1000, 0.1), (5, 20.0), (1, 0.0)]
)
def test_slow_requests_match_the_contract(fanout: int, slow: float) -> None:
    """(1 - (1 - slow_pct/100)^fanout) x 100, written again from the contract."""
    assert slow_request_pct(fanout, slow) == pytest.approx(
        (1 - (1 - slow / 100) ** fanout) * 100, rel=1e-9, abs=1e-12
    )


@pytest.mark.parametrize("fanout", [1, 2, 5, 8])
def test_matches_an_enumeration_of_calls(fanout: int) -> None:
    """Summing every pattern of slow and fast calls with at least one slow call."""
    p = 0.2
    slow = 0.0
    for calls in itertools.product((True, False), repeat=fanout):
        if any(calls):
            slow += math.prod(p if c else 1 - p for c in calls)
    assert slow_request_pct(fanout, 20.0) == pytest.approx(100 * slow, rel=1e-12)


def test_the_tail_at_scale_example() -> None:
    """Dean and Barroso: 1% slow calls, 100 per request, 63% of requests slow."""
    assert round(slow_request_pct(100, 1.0)) == 63
    assert slow_request_pct(10, 1.0) == pytest.approx(9.56, abs=0.01)


@pytest.mark.parametrize(
    ("slo", "budget"), [(99.9, 43.2), (99.99, 4.32), (99.95, 21.6), (90.0, 4320.0)]
)
def test_error_budget(slo: float, budget: float) -> None:
    """(1 - slo/100) x 43,200 minutes."""
    assert error_budget_minutes(slo) == pytest.approx(budget)
    assert error_budget_minutes(slo) == pytest.approx((1 - slo / 100) * 43_200)


@pytest.mark.parametrize(
    ("errors", "slo", "rate", "hours"),
    [
        (0.5, 99.9, 5.0, 144.0),
        (1.44, 99.9, 14.4, 50.0),
        (0.1, 99.9, 1.0, 720.0),
        (0.5, 99.99, 50.0, 14.4),
        (100.0, 99.999, 100_000.0, 0.0072),
    ],
)
def test_burn_rate_and_hours(errors: float, slo: float, rate: float, hours: float) -> None:
    """burn = (error/100) / (1 - slo/100); hours = 720 / burn. 14.4 is the workbook's page
    threshold: a 30-day budget gone in 50 hours."""
    assert burn_rate(errors, slo) == pytest.approx((errors / 100) / (1 - slo / 100))
    assert burn_rate(errors, slo) == pytest.approx(rate)
    assert hours_to_exhaust(errors, slo) == pytest.approx(hours)


def test_no_errors_never_exhaust_the_budget() -> None:
    """At error_pct = 0 the burn rate is 0 and there is no time to exhaustion (None, not inf)."""
    assert burn_rate(0.0, 99.9) == 0.0
    assert hours_to_exhaust(0.0, 99.9) is None
    assert Tail(10, 1.0, 99.9, 0.0).hours_to_exhaust is None


def test_vanishing_error_rates_never_overflow() -> None:
    """A vanishing error rate gives a burn so small that 720 / burn would overflow: the model
    says never (None) rather than infinity."""
    assert burn_rate(1e-306, 90.0) > 0
    assert hours_to_exhaust(1e-306, 90.0) is None


def test_curve_covers_the_fanout_range() -> None:
    """The chart's curve: whole fan-outs from 1 to 1,000, rising, at most about 100 points."""
    curve = fanout_curve(1.0)
    xs = [x for x, _ in curve]
    assert xs[0] == 1 and xs[-1] == MAX_FANOUT
    assert all(x == int(x) for x in xs)
    assert len(curve) <= 100
    ys = [y for _, y in curve]
    assert ys == sorted(ys)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, MAX_FANOUT - 1), st.floats(0.0, 50.0, allow_subnormal=False))
def test_more_fanout_never_helps(fanout: int, slow: float) -> None:
    """Waiting for one more backend never lowers the share of slow requests; it stays 0-100
    and is never below the single call's share."""
    fewer, more = slow_request_pct(fanout, slow), slow_request_pct(fanout + 1, slow)
    assert 0.0 <= fewer <= more <= 100.0
    assert fewer >= slow * (1 - 1e-12)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.just(0.0), st.floats(1e-9, 100.0)), st.floats(90.0, 99.99))
def test_budget_arithmetic_is_consistent(errors: float, slo: float) -> None:
    """A stricter SLO has a smaller budget and burns faster; hours x burn = 720."""
    assert error_budget_minutes(slo + 0.005) < error_budget_minutes(slo)
    assert burn_rate(errors, slo + 0.005) >= burn_rate(errors, slo)
    hours = hours_to_exhaust(errors, slo)
    if errors == 0:
        assert hours is None
    else:
        assert hours is not None and math.isfinite(hours)
        assert hours * burn_rate(errors, slo) == pytest.approx(720)


@given(st.integers(1, 99_999))
def test_an_error_rate_equal_to_the_allowance_burns_at_exactly_1(thousandths: int) -> None:
    """Errors exactly at the SLO's allowance (0.01% against 99.99%, 0.1% against 99.9%):
    the burn rate is 1 and the budget lasts exactly 720 hours, not a float's hair either
    side of them (which made the widget say '1x' and 'below 1' at once)."""
    allowance = thousandths / 1000
    slo = round(100 - allowance, 3)
    assert burn_rate(allowance, slo) == 1.0
    assert hours_to_exhaust(allowance, slo) == HOURS_PER_MONTH
