"""The multi-region chapter quotes the multi-region widget: its numbers must be the model's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets import get_spec

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "multi-region.md"
SPEC = get_spec("multi-region")


@pytest.fixture(scope="module")
def text() -> str:
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def out(name: str, **params: object) -> str:
    return SPEC.run(params).output(name).text


def test_block_asks_for_a_prediction_at_the_defaults(text: str) -> None:
    """The widget sits at its defaults (two regions at 99.9%) and asks for the availability."""
    block = re.search(r"```widget widget: multi-region (.*?)```", text)
    assert block is not None
    assert block.group(1).startswith("predict: output: availability_pct")
    assert "Two regions are each up 99.9% of the time" in block.group(1)
    defaults = SPEC.defaults()
    assert (defaults["regions"], defaults["region_availability_pct"]) == (2, 99.9)


def test_walkthrough_quotes_the_model(text: str) -> None:
    """Availability for one, two and three regions, lost writes and the sync penalty."""
    alone = SPEC.run({"regions": 1}).summary
    assert "down about 43.2 minutes a month" in alone
    assert "either would be down about 43.2 minutes a month" in text
    assert f"The widget says {out('availability_pct')}: about 2.6 seconds" in text
    assert "about 2.6 seconds of total outage a month" in SPEC.run({}).summary
    three = out("availability_pct", regions=3).removesuffix(" at best (independent failures)")
    assert f"On paper you reach {three}:" in text
    assert f"can lose {out('writes_lost_on_failover')}." in text
    assert f"The price is {out('sync_write_penalty_ms', replication='sync')}:" in text
    near = out("sync_write_penalty_ms", replication="sync", distance_km=500)
    assert near == "+5 ms on every write"
    assert "a synchronous write now pays +5 ms." in text


def test_check_yourself_answers_quote_the_model(text: str) -> None:
    """Three regions at 99.9%, and 3,000 writes/s with 500 ms of lag."""
    three = SPEC.run({"regions": 3})
    assert f"The widget gives {three.output('availability_pct').text}:" in text
    assert "about 2.6 ms of total outage a month" in three.summary
    assert "about 2.6 ms of total outage a month" in text
    lost = SPEC.run({"write_rps": 3000, "lag_ms": 500}).output("writes_lost_on_failover")
    assert lost.value == pytest.approx(1500)
    assert "Around 1,500 writes: 3,000 writes/s x 0.5 s." in text


def test_lag_text_no_longer_claims_a_round_trip_floor(text: str) -> None:
    """The replication-lag bullet says the floor is the one-way delay and cites measured
    round trips, not the old uncited '10 to 100 ms'."""
    assert "10 to 100 ms" not in text
    assert "one-way network delay" in text
    assert "https://learn.microsoft.com/en-us/azure/networking/azure-network-latency" in text
