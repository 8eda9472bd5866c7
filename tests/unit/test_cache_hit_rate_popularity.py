"""The compressed Zipf popularity that makes sums over ten million keys fast."""

from __future__ import annotations

import math

import pytest

from widgets.cache_hit_rate.popularity import power_integral, zipf_popularity, zipf_sum


@pytest.mark.parametrize("skew", [0.0, 0.5, 0.99999, 1.0, 1.2, 2.0])
@pytest.mark.parametrize(("first", "last"), [(1, 10), (1, 5_000), (33, 129), (40, 200_000)])
def test_zipf_sum_matches_exact(first: int, last: int, skew: float) -> None:
    """The closed-form partial sum of i^-s agrees with summing every rank (1e-8 relative)."""
    exact = math.fsum(i ** (-skew) for i in range(first, last + 1))
    assert zipf_sum(first, last, skew) == pytest.approx(exact, rel=1e-8)


def test_power_integral_is_continuous_at_one() -> None:
    """The integral of x^-s near s = 1 matches ln(b/a) without cancellation."""
    assert power_integral(3.0, 3e6, 1.0) == pytest.approx(math.log(1e6))
    assert power_integral(3.0, 3e6, 1.0 + 1e-12) == pytest.approx(math.log(1e6), rel=1e-9)


@pytest.mark.parametrize("keys", [10, 33, 100, 12_345, 10_000_000])
@pytest.mark.parametrize("skew", [0.0, 0.7, 1.0, 2.0])
def test_nodes_cover_every_key_once(keys: int, skew: float) -> None:
    """Node counts add up to N, probabilities to 1, and ten million keys need few nodes."""
    pop = zipf_popularity(keys, skew)
    assert math.fsum(pop.counts) == pytest.approx(keys, rel=1e-12)
    assert math.fsum(n * p for n, p in zip(pop.counts, pop.probs, strict=True)) == pytest.approx(
        1.0, rel=1e-12
    )
    assert len(pop.counts) <= 80
    assert list(pop.probs) == sorted(pop.probs, reverse=True) or skew == 0.0


def test_head_is_exact() -> None:
    """The 32 most popular keys are kept one by one with their exact probability."""
    pop = zipf_popularity(1_000, 1.0)
    norm = math.fsum(1 / i for i in range(1, 1_001))
    for rank in range(1, 33):
        assert pop.counts[rank - 1] == 1.0
        assert pop.probs[rank - 1] == pytest.approx(1 / rank / norm, rel=1e-10)


def test_truncated_popularity_keeps_the_full_normalisation() -> None:
    """Ranks 1..C of N: counts add to C and probabilities to the top-C share of requests."""
    pop = zipf_popularity(100_000, 0.8, 5_000)
    assert math.fsum(pop.counts) == pytest.approx(5_000, rel=1e-12)
    share = math.fsum(n * p for n, p in zip(pop.counts, pop.probs, strict=True))
    assert share == pytest.approx(zipf_sum(1, 5_000, 0.8) / zipf_sum(1, 100_000, 0.8), rel=1e-12)
