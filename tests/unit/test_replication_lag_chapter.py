"""The database-replication chapter quotes the replication-lag widget: its numbers are the model's."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from widgets.replication_lag.spec import SPEC

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "database-replication.md"
MINUS = "\u2212"


@pytest.fixture(scope="module")
def text() -> str:
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def out(name: str, **params: object) -> str:
    """An output's text for people at the given settings."""
    return SPEC.run(params).output(name).text


def test_block_places_the_widget_with_a_numeric_prediction() -> None:
    """The block predicts stale_read_probability, a number (a percentage) at the defaults."""
    raw = CHAPTER.read_text(encoding="utf-8")
    block = re.search(r"```widget\n(.*?)```", raw, re.S)
    assert block is not None
    lines = block.group(1).splitlines()
    assert lines[:3] == ["widget: replication-lag", "predict:", "  output: stale_read_probability"]
    assert lines[3].startswith('  question: "') and len(lines) == 4
    shown = SPEC.run({}).output("stale_read_probability")
    assert isinstance(shown.value, float) and math.isfinite(shown.value)
    assert shown.text.endswith("%")


def test_walkthrough_quotes_the_defaults(text: str) -> None:
    """6 ms mean lag and 16.5% stale read-backs; 24 ms for 99% of writes; 6 writes at risk."""
    lag, stale = out("mean_lag_ms"), out("stale_read_probability")
    assert f"trails by {lag} on average, yet {stale} of read-backs 10 ms after a save" in text
    p99 = re.search(
        r"99% of writes are visible on the replica within (\d+ ms)", SPEC.run({}).notes[0]
    )
    assert p99 is not None
    assert f"the lag that 99% of writes beat: {p99.group(1)} at the defaults" in text
    busy = {"write_rps": 1_150}
    assert (
        f"That is {out('writes_lost_on_failover')} at the defaults and "
        f"{out('writes_lost_on_failover', **busy)} at 1,150 writes a second" in text
    )


def test_experiments_quote_the_widget(text: str) -> None:
    """1,150 writes/s: 21 ms and 63.8%; 1,200: without bound; 40 ms away: 100% stale."""
    busy = {"write_rps": 1_150}
    assert (
        f"The mean lag goes from {out('mean_lag_ms')} to {out('mean_lag_ms', **busy)} and stale "
        f"read-backs from {out('stale_read_probability')} to "
        f"{out('stale_read_probability', **busy)}" in text
    )
    assert SPEC.run({"write_rps": 1_200}).output("mean_lag_ms").value == "unbounded"
    assert "The lag grows without bound" in text
    far = SPEC.run({"network_ms": 40}).output("stale_read_probability")
    assert far.value == 1.0
    assert f"Every read-back sooner than that is stale ({far.text})" in text


def test_quorum_paragraph_quotes_the_widget(text: str) -> None:
    """n = 3, w = r = 2 overlaps in 1 copy; n = 5 gives -1 and a possible miss."""
    assert SPEC.run({}).output("quorum_overlap").text.startswith("1 copy")
    assert "With n = 3, w = 2 and r = 2 the overlap is 1 copy" in text
    five = SPEC.run({"n": 5, "w": 2, "r": 2}).output("quorum_overlap")
    assert five.value == -1 and "may miss" in five.text
    assert f"w + r {MINUS} n falls to {MINUS}1, and a read may miss the latest write" in text


def test_check_yourself_answer_is_the_widgets(text: str) -> None:
    """2,000 writes/s against 2,500, read back after 5 ms: 13.5% stale, 6 writes at risk."""
    params = {"write_rps": 2_000, "apply_rps": 2_500, "read_after_ms": 5}
    stale = out("stale_read_probability", **params)
    lost = out("writes_lost_on_failover", **params)
    assert stale == f"{math.exp(-2):.1%}"
    assert f"About {stale} of read-backs are stale" in text
    assert f"About {lost} are at risk" in text
