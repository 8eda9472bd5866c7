"""The call-chain model against the contract's formulas and independent counting."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.call_chain.model import (
    MAX_DEPTH,
    MINUTES_PER_MONTH,
    Chain,
    availability_curve,
    chain_availability_pct,
    chain_unavailability,
    downtime_minutes_per_month,
    worst_case_amplification,
)

CASES = [
    (1, 99.9, 0),
    (5, 99.9, 0),
    (5, 99.9, 1),
    (20, 90.0, 5),
    (1, 95.0, 3),
    (12, 99.5, 2),
    (4, 99.95, 1),
    (20, 99.999, 0),
]


def contract_chain_pct(depth: int, pct: float, retries: int) -> float:
    """The contract, written again: (1 - (1 - a)^(retries+1))^depth x 100."""
    a = pct / 100
    return (1 - (1 - a) ** (retries + 1)) ** depth * 100


@pytest.mark.parametrize(("depth", "pct", "retries"), CASES)
def test_outputs_match_the_contract(depth: int, pct: float, retries: int) -> None:
    """Chain availability, monthly downtime and amplification equal the contract's formulas."""
    expected = contract_chain_pct(depth, pct, retries)
    assert chain_availability_pct(depth, pct, retries) == pytest.approx(expected, rel=1e-12)
    assert downtime_minutes_per_month(depth, pct, retries) == pytest.approx(
        (1 - expected / 100) * 43_200, rel=1e-6, abs=1e-6
    )
    assert worst_case_amplification(depth, retries) == (retries + 1) ** depth


@pytest.mark.parametrize("depth", range(1, MAX_DEPTH + 1))
def test_zero_retries_is_the_plain_power(depth: int) -> None:
    """With no retries the chain is a^depth: availabilities multiply."""
    assert chain_availability_pct(depth, 99.9, 0) == pytest.approx(100 * 0.999**depth, rel=1e-12)
    assert worst_case_amplification(depth, 0) == 1


@pytest.mark.parametrize("retries", range(6))
def test_depth_one_is_one_service_with_retries(retries: int) -> None:
    """One hop fails only when all its attempts fail: 1 - (1 - a)^(retries + 1)."""
    assert chain_availability_pct(1, 98.0, retries) == pytest.approx(
        100 * (1 - 0.02 ** (retries + 1)), rel=1e-12
    )
    assert worst_case_amplification(1, retries) == retries + 1


@pytest.mark.parametrize(("depth", "retries"), [(1, 0), (2, 1), (3, 1), (2, 2), (4, 0)])
def test_matches_brute_force_enumeration(depth: int, retries: int) -> None:
    """Summing the probability of every pattern of attempt outcomes in which each hop has at
    least one success gives the model's availability (independent attempts)."""
    a = 0.9
    attempts = retries + 1
    total = 0.0
    for outcome in itertools.product((True, False), repeat=depth * attempts):
        probability = math.prod(a if ok else 1 - a for ok in outcome)
        hops = [outcome[h * attempts : (h + 1) * attempts] for h in range(depth)]
        if all(any(hop) for hop in hops):
            total += probability
    assert chain_availability_pct(depth, 90.0, retries) == pytest.approx(100 * total, rel=1e-12)


def calls_reaching_deepest(depth: int, retries: int) -> int:
    """Walk the call tree when every service fails: each caller tries `retries + 1` times."""

    def call(level: int) -> int:
        if level == depth:
            return 1
        return sum(call(level + 1) for _ in range(retries + 1))

    return sum(call(1) for _ in range(retries + 1))


@pytest.mark.parametrize(("depth", "retries"), [(1, 0), (1, 4), (3, 3), (5, 1), (4, 2)])
def test_amplification_counts_the_failing_call_tree(depth: int, retries: int) -> None:
    """(retries + 1)^depth equals the calls a fully failing chain sends to its deepest service;
    three layers of four attempts give the SRE book's 64."""
    assert worst_case_amplification(depth, retries) == calls_reaching_deepest(depth, retries)
    assert worst_case_amplification(3, 3) == 64


def test_tiny_unavailability_keeps_its_digits() -> None:
    """With retries at a highly available service the plain formula rounds to exactly 100%;
    the model still reports the (tiny) downtime: about depth x (1 - a)^(retries+1)."""
    unavailable = chain_unavailability(20, 99.999, 5)
    assert unavailable > 0
    assert unavailable == pytest.approx(20 * 1e-30, rel=1e-6)
    assert downtime_minutes_per_month(20, 99.999, 5) == pytest.approx(
        20 * 1e-30 * MINUTES_PER_MONTH, rel=1e-6
    )


def test_chain_object_and_curve_agree_with_the_functions() -> None:
    """The Chain properties and the chart's curve are the same numbers as the functions."""
    chain = Chain(5, 99.9, 1)
    assert chain.availability_pct_chain == chain_availability_pct(5, 99.9, 1)
    assert chain.downtime_minutes == downtime_minutes_per_month(5, 99.9, 1)
    assert chain.amplification == 32
    assert chain.without_retries.availability_pct_chain == pytest.approx(100 * 0.999**5)
    assert chain.one_service_downtime_minutes == pytest.approx(43.2)
    curve = availability_curve(99.9, 1)
    assert [x for x, _ in curve] == [float(d) for d in range(1, MAX_DEPTH + 1)]
    assert curve[4][1] == chain.availability_pct_chain


depths = st.integers(1, MAX_DEPTH)
pcts = st.floats(90.0, 99.999)
tries = st.integers(0, 5)


@settings(max_examples=200, deadline=None)
@given(depths, pcts, tries)
def test_outputs_stay_in_range(depth: int, pct: float, retries: int) -> None:
    """Availability stays in (0, 100], downtime in [0, 43,200] minutes, nothing is NaN."""
    chain = Chain(depth, pct, retries)
    assert 0.0 < chain.availability_pct_chain <= 100.0
    assert 0.0 <= chain.downtime_minutes <= MINUTES_PER_MONTH
    assert math.isfinite(chain.downtime_minutes)
    assert chain.amplification >= 1


@settings(max_examples=200, deadline=None)
@given(st.integers(1, MAX_DEPTH - 1), pcts, tries)
def test_a_longer_chain_is_never_more_available(depth: int, pct: float, retries: int) -> None:
    """Adding a hop never raises availability and never lowers the worst-case calls."""
    assert chain_unavailability(depth + 1, pct, retries) >= chain_unavailability(
        depth, pct, retries
    )
    assert worst_case_amplification(depth + 1, retries) >= worst_case_amplification(depth, retries)


@settings(max_examples=200, deadline=None)
@given(depths, pcts, st.integers(0, 4))
def test_a_retry_never_lowers_availability(depth: int, pct: float, retries: int) -> None:
    """One more retry per hop never lowers availability, and multiplies the worst case."""
    assert chain_unavailability(depth, pct, retries + 1) <= chain_unavailability(
        depth, pct, retries
    )
    assert worst_case_amplification(depth, retries + 1) > worst_case_amplification(depth, retries)


@settings(max_examples=200, deadline=None)
@given(depths, st.floats(90.0, 99.99), tries)
def test_better_services_make_a_better_chain(depth: int, pct: float, retries: int) -> None:
    """Raising each service's availability never lowers the chain's."""
    assert chain_unavailability(depth, pct + 0.005, retries) <= chain_unavailability(
        depth, pct, retries
    )


@settings(max_examples=100, deadline=None)
@given(depths, st.floats(99.0, 99.999))
def test_rare_failures_add_up(depth: int, pct: float) -> None:
    """With no retries and rare failures, chain downtime is close to depth x one service's
    (the union bound): never more, and within depth^2 (1 - a)^2 / 2 of it."""
    q = (100 - pct) / 100
    one = q * MINUTES_PER_MONTH
    total = downtime_minutes_per_month(depth, pct, 0)
    assert total <= depth * one * (1 + 1e-9)
    assert depth * one - total <= depth**2 * q**2 / 2 * MINUTES_PER_MONTH * (1 + 1e-9)
