"""The caching chapter's TTL arithmetic: the numbers it quotes are the model's."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from widgets import get_spec
from widgets.cache_hit_rate.model import ttl_key_occupancy

MINUS = "\u2212"
CHAPTER = Path(__file__).resolve().parents[2] / "content" / "caching.md"


@pytest.fixture(scope="module")
def text() -> str:
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def test_worked_ttl_example_matches_both_formulas(text: str) -> None:
    """λ = 0.01/s, T = 60 s: set on a miss λT/(1+λT) (the model's own function), reset on
    every hit 1 - e^(-λT); and a key read once a second. The chapter writes minus signs."""
    assert f"0.6 / 1.6 = {ttl_key_occupancy(0.01, 60):.1%}" in text
    assert f"1 {MINUS} e^({MINUS}0.6) = {1 - math.exp(-0.6):.1%}" in text
    assert f"hits {ttl_key_occupancy(1, 60):.1%} of the time" in text


def test_widget_ttl_walkthrough_quotes_the_widget(text: str) -> None:
    """The TTL walk-through quotes the widget's hit rate at 10 reads/s for each TTL."""
    spec = get_spec("cache-hit-rate")

    def hit(ttl: float) -> str:
        return spec.run({"read_rps": 10, "ttl_s": ttl}).output("hit_rate").text

    assert f"with no TTL the hit rate stays {hit(0)}" in text
    assert f"A TTL of 60 seconds takes it to {hit(60)}, and 1 second to {hit(1)}" in text
    at_thousand = spec.run({"ttl_s": 60}).output("hit_rate").value
    assert at_thousand == pytest.approx(spec.run({}).output("hit_rate").value, abs=1e-3)


def test_lfu_is_a_ceiling_only_without_a_ttl(text: str) -> None:
    """The chapter says LRU edges past "ideal" LFU once keys expire: the widget agrees at
    10 reads/s and a 60 s TTL, and with no TTL LFU is the best of the three."""
    spec = get_spec("cache-hit-rate")

    def hit(policy: str, ttl: float) -> tuple[float, str]:
        out = spec.run({"read_rps": 10, "ttl_s": ttl, "policy": policy}).output("hit_rate")
        return float(out.value), out.text

    (lru, lru_text), (lfu, lfu_text) = hit("lru", 60), hit("lfu", 60)
    assert lru > lfu
    assert f"lru hits {lru_text} and lfu {lfu_text}" in text
    assert hit("lfu", 0)[0] >= max(hit("lru", 0)[0], hit("fifo", 0)[0])


def test_the_walkthrough_quotes_the_widget(text: str) -> None:
    """The answer to the prediction, both experiments and the bonus quote the widget at
    the settings they name."""
    spec = get_spec("cache-hit-rate")

    def out(name: str, **params: object) -> str:
        return spec.run(params).output(name).text

    assert (
        f"the cache answers {out('hit_rate')} of reads, so the database sees "
        f"{out('db_reads_per_s').removesuffix(' reads/s')} reads/s instead of 1,000, and the "
        f"mean read takes {out('mean_latency_ms')} instead of 10 ms" in text
    )
    low, high = out("hit_rate", skew=0.8), out("hit_rate", skew=1.2)
    assert f"The hit rate climbs from {low} to {high}" in text
    reads = [out("db_reads_per_s", skew=k).removesuffix(" reads/s") for k in (0.8, 1.2)]
    assert f"database reads fall from {reads[0]} to {reads[1]} per second" in text
    lru, fifo, ideal = (out("hit_rate", policy=p) for p in ("lru", "fifo", "lfu"))
    assert f"LRU hits {lru}, FIFO {fifo}, the ideal {ideal}" in text
    gap = (
        spec.run({"policy": "lfu"}).output("hit_rate").value - spec.run({}).output("hit_rate").value
    )
    assert f"Those {round(100 * gap)} points between LRU and the ideal" in text
    assert spec.run({"cache_size": 43_000}).output("hit_rate").value >= 0.9
    assert spec.run({"cache_size": 42_000}).output("hit_rate").value < 0.9
    assert "a 90% hit rate needs about 43,000 items out of 100,000" in text


def test_the_top_thousand_keys_share_is_the_ideal_caches_hit_rate(text: str) -> None:
    """Independently of the model: under Zipf at skew 1, the 1,000 most popular of
    100,000 keys draw H(1,000) / H(100,000) of the reads, the ideal cache's figure."""
    share = sum(1 / k for k in range(1, 1_001)) / sum(1 / k for k in range(1, 100_001))
    assert f"the thousand most popular keys draw {share:.1%} of all reads" in text
    assert (
        get_spec("cache-hit-rate").run({"policy": "lfu"}).output("hit_rate").text == f"{share:.1%}"
    )
