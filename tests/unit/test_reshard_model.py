"""The comparison: theory formulas, measurements against theory, balance, sampling."""

from __future__ import annotations

import math
from statistics import mean

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from widgets.reshard.counting import ring_movement
from widgets.reshard.limits import RENDEZVOUS_SAMPLE, SAMPLE_LIMIT
from widgets.reshard.model import (
    Scenario,
    compare,
    imbalance,
    measured_keys,
    min_ratio,
    minimal_theory,
    modulo_theory,
    rendezvous_keys,
    sample_dots,
    standard_error,
)

shards = st.integers(min_value=1, max_value=128)


def test_modulo_theory_matches_the_chapter_examples() -> None:
    """2->3 moves 2/3, 16->17 moves 16/17, doubling moves exactly half, no change moves 0."""
    assert modulo_theory(2, 3) == pytest.approx(2 / 3)
    assert modulo_theory(16, 17) == pytest.approx(16 / 17)
    assert modulo_theory(16, 32) == pytest.approx(0.5)
    assert modulo_theory(8, 4) == pytest.approx(0.5)
    assert modulo_theory(5, 5) == 0


def test_modulo_theory_is_the_share_of_residues_that_stay() -> None:
    """1 - gcd/max equals the fraction of residues mod lcm(N, M) with r%N != r%M."""
    for n in range(1, 25):
        for m in range(1, 25):
            lcm = n * m // math.gcd(n, m)
            moving = sum(1 for r in range(lcm) if r % n != r % m)
            assert modulo_theory(n, m) == pytest.approx(moving / lcm)


@given(shards, shards)
def test_minimal_theory_is_symmetric_and_below_modulo(n: int, m: int) -> None:
    """|M-N|/max(N,M) is the same both ways and never more than modulo's share."""
    assert minimal_theory(n, m) == minimal_theory(m, n)
    assert minimal_theory(n, m) <= modulo_theory(n, m) + 1e-12
    assert minimal_theory(16, 17) == pytest.approx(1 / 17)


# Pairs from the chapter and around it; all within 1 point at K = 10,000 and 20,000.
MODULO_PAIRS = ((2, 3), (4, 5), (16, 17), (16, 32), (3, 2), (10, 7), (1, 128), (128, 1),
                (12, 18), (64, 96), (100, 128), (31, 37), (8, 8))  # fmt: skip


@pytest.mark.parametrize("keys", [10_000, 20_000])
def test_modulo_moves_what_theory_says_within_one_point(keys: int) -> None:
    """Measured modulo movement is within 1 percentage point of 1 - gcd/max for K >= 10,000."""
    for n, m in MODULO_PAIRS:
        result = compare(Scenario(keys, n, m, 10)).modulo
        assert result.moved_fraction == pytest.approx(result.theory, abs=0.01), (n, m)


@given(shards, shards)
@example(7, 101).via("modulo's furthest pair")
@example(52, 53).via("jump's furthest pair")
@settings(max_examples=30, deadline=None)
def test_measurements_stay_within_five_standard_errors_of_theory(n: int, m: int) -> None:
    """Every scheme's moved fraction is within 5 standard errors (+ ring spread) of theory.

    Not 4: over the 16,256 ordered pairs of 1-128 shards, chance alone puts about one
    beyond 4 standard errors, and the keys are fixed, so such a pair fails every time it
    is drawn (modulo 7 -> 101 is 4.6 off, 21 -> 101 4.1; jump 52 -> 53 4.1). Beyond 5, chance
    puts about 0.01 of a pair."""
    c = compare(Scenario(20_000, n, m, 1000))
    for result in (c.modulo, c.jump, c.rendezvous):
        slack = 5 * standard_error(result.theory, result.measured) + 1e-9
        assert abs(result.moved_fraction - result.theory) <= slack, result.key
    # The ring's new shards own a random share of the circle: with V = 1000 points each,
    # that share is within a few percent of its expected size.
    ring_slack = 4 * standard_error(c.ring.theory, c.ring.measured) + 0.1 * c.ring.theory
    assert abs(c.ring.moved_fraction - c.ring.theory) <= ring_slack + 1e-9


def test_adding_one_shard_moves_little_except_under_modulo() -> None:
    """16 -> 17: modulo moves about 94%, the other three about 6% (the chapter's claim)."""
    c = compare(Scenario(20_000, 16, 17, 100))
    assert c.modulo.moved_fraction == pytest.approx(16 / 17, abs=0.01)
    for result in (c.ring, c.rendezvous, c.jump):
        assert result.moved_fraction == pytest.approx(1 / 17, abs=0.02), result.key


def test_nothing_moves_when_the_shard_count_stays() -> None:
    """N = M moves no key under any scheme."""
    c = compare(Scenario(5000, 9, 9, 40))
    assert all(result.movement.moved == 0 for result in c.schemes)


def test_imbalance_and_min_ratio() -> None:
    """Imbalance is max/mean and min ratio is min/mean."""
    assert imbalance([10, 10, 10]) == 1.0
    assert imbalance([30, 10, 20]) == pytest.approx(1.5)
    assert min_ratio([30, 10, 20]) == pytest.approx(0.5)
    assert min_ratio([0, 4]) == 0.0
    assert imbalance([0, 0]) == 1.0


SHARD_COUNTS = (2, 3, 4, 5, 8, 12, 16, 24, 32, 64, 128)


def test_virtual_nodes_even_out_the_ring_on_every_shard_count() -> None:
    """On these shard counts, 200 vnodes per shard beat 1 vnode: lower max/mean, higher min."""
    for count in SHARD_COUNTS:
        one = ring_movement(SAMPLE_LIMIT, count, count, 1).after
        many = ring_movement(SAMPLE_LIMIT, count, count, 200).after
        assert imbalance(many) < imbalance(one), count
        assert min_ratio(many) > min_ratio(one), count


@given(
    st.lists(st.integers(min_value=2, max_value=128), min_size=4, max_size=8, unique=True),
    st.sampled_from([5_000, 10_000, 20_000]),
)
@settings(max_examples=15, deadline=None)
def test_more_virtual_nodes_lower_the_mean_imbalance(counts: list[int], keys: int) -> None:
    """Across several shard counts and key counts, mean imbalance is lower at V=200 than V=1."""

    def spread(vnodes: int) -> float:
        return mean(imbalance(ring_movement(keys, c, c, vnodes).after) for c in counts)

    assert spread(200) < spread(1)


def test_large_k_is_sampled_and_flagged() -> None:
    """Above SAMPLE_LIMIT keys the schemes measure a fixed sample and say so."""
    c = compare(Scenario(1_000_000, 4, 5, 100))
    assert c.sampled and c.modulo.measured == SAMPLE_LIMIT == measured_keys(1_000_000)
    assert c.rendezvous.measured == RENDEZVOUS_SAMPLE == rendezvous_keys(1_000_000)
    scaled = c.modulo.scaled(c.modulo.movement.after)
    assert sum(scaled) == pytest.approx(1_000_000)
    small = compare(Scenario(1_000, 4, 5, 100))
    assert not small.sampled and small.modulo.measured == 1_000 == small.rendezvous.measured


def test_sample_dots_follow_the_ring_and_modulo() -> None:
    """The ring picture's dots are the first keys, with ring owners before and after."""
    scenario = Scenario(10_000, 4, 6, 30)
    dots = sample_dots(scenario, 64)
    assert [dot.name for dot in dots[:3]] == ["user:0", "user:1", "user:2"]
    assert all(0 <= dot.ring_before < 4 and 0 <= dot.ring_after < 6 for dot in dots)
    assert all(dot.ring_after >= 4 for dot in dots if dot.ring_moves)
    assert len(sample_dots(Scenario(100, 4, 6, 30), 500)) == 100
