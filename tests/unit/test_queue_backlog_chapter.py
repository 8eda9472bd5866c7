"""The message-queues chapter quotes the queue-backlog widget: its numbers are the model's."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from widgets.queue_backlog.spec import SPEC

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "message-queues.md"


@pytest.fixture(scope="module")
def text() -> str:
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def out(name: str, **params: object) -> str:
    """An output's text for people at the given settings."""
    return SPEC.run(params).output(name).text


def test_block_places_the_widget_with_a_numeric_prediction() -> None:
    """The block predicts drain_s, a number (seconds) at the defaults."""
    raw = CHAPTER.read_text(encoding="utf-8")
    block = re.search(r"```widget\n(.*?)```", raw, re.S)
    assert block is not None
    lines = block.group(1).splitlines()
    assert lines[:3] == ["widget: queue-backlog", "predict:", "  output: drain_s"]
    assert lines[3].startswith('  question: "') and len(lines) == 4
    assert "How many seconds" in lines[3]
    value = SPEC.run({}).output("drain_s").value
    assert isinstance(value, float) and math.isfinite(value)


def test_walkthrough_quotes_the_defaults(text: str) -> None:
    """30 jobs/s, 42,000 jobs, 23 min for the last job, empty 70 min after the burst."""
    assert out("capacity_rps") == "30 jobs/s"
    assert "12 x 1,000 / 400 = 30 jobs a second" in text
    assert f"the backlog grows by 70 jobs a second, to {out('peak_backlog')}" in text
    assert f"The job at the back of it waits {out('max_wait_s')}" in text
    assert f"the queue is empty again {out('drain_s')} after the burst ends" in text


def test_experiments_quote_the_widget(text: str) -> None:
    """16 workers: 30 min and 15 min; 8 workers: never drains; 37 and 20 workers needed."""
    assert (
        f"the queue drains in {out('drain_s', workers=16)} instead of 70, and the longest wait "
        f"falls to {out('max_wait_s', workers=16)}" in text
    )
    assert out("drain_s", workers=8).startswith("never")
    assert "the backlog the burst leaves behind never drains" in text
    needed = SPEC.run({}).output("workers_needed").value
    relaxed = SPEC.run({"wait_target_s": 600}).output("workers_needed").value
    assert f"Keeping every wait within 60 s takes {needed} workers" in text
    assert f"Set the wait target to 10 minutes and {relaxed} workers do" in text


def test_check_yourself_answer_is_the_widgets(text: str) -> None:
    """A 20-minute campaign of 50 sign-ups/s on 4 workers of 200 ms: 30 min wait, 40 min to
    drain; 8 workers keep every wait within 5 minutes."""
    campaign = {"arrival_rps": 5, "burst_rps": 50, "burst_s": 1_200, "job_ms": 200}
    four = {**campaign, "workers": 4, "wait_target_s": 300}
    assert out("max_wait_s", **four) == "30 min"
    assert f"36,000 / 20 = 1,800 s, {out('max_wait_s', **four)}" in text
    assert f"the queue is empty again {out('drain_s', **four)} after the campaign ends" in text
    needed = SPEC.run(four).output("workers_needed").value
    assert f"{needed} workers (40 emails a second) keep every wait within 5 min" in text
    eight = SPEC.run({**campaign, "workers": needed, "wait_target_s": 300})
    assert eight.output("peak_backlog").text == "12,000 jobs"
    assert eight.output("max_wait_s").value == pytest.approx(300)
    assert "waits 12,000 / 40 = 300 s" in text
    drain = eight.output("drain_s")
    assert f"empty again 12,000 / (40 - 5) = {drain.value:.0f} s after the campaign ends" in text
    assert f"(the widget rounds it to {drain.text})" in text
