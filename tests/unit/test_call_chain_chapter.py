"""The services chapter quotes the call-chain widget: its numbers must be the model's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets import get_spec

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "services.md"
SPEC = get_spec("call-chain")


@pytest.fixture(scope="module")
def text() -> str:
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def out(name: str, **params: object) -> str:
    return SPEC.run(params).output(name).text


def test_block_asks_for_a_prediction_at_the_defaults(text: str) -> None:
    """The chapter places the widget at its defaults and asks for the chain availability."""
    block = re.search(r"```widget widget: call-chain (.*?)```", text)
    assert block is not None
    assert "predict: output: chain_availability_pct" in block.group(1)
    assert "5 services in a row, each answering 99.9% of calls, with no retries" in block.group(1)
    assert SPEC.defaults() == {"depth": 5, "availability_pct": 99.9, "retries": 0}


def test_walkthrough_quotes_the_model(text: str) -> None:
    """One service, five in a row, twenty in a row, one retry: each figure is the widget's."""
    one = out("downtime_minutes_per_month", depth=1)
    assert f"about {one} of failure" in text
    assert (
        f"The chain succeeds {out('chain_availability_pct')} of the time, which means "
        f"{out('downtime_minutes_per_month')} of failure"
    ) in text
    assert (
        f"The chain falls to {out('chain_availability_pct', depth=20)}: "
        f"{out('downtime_minutes_per_month', depth=20)} of failure"
    ) in text
    # The retry step starts from the default depth again, not from the 20 of the step before.
    depth = SPEC.param("depth").default
    assert f"Set the depth back to {depth} and retries to 1." in text
    assert (
        f"The chain climbs back to {out('chain_availability_pct', retries=1)}, about "
        f"{out('downtime_minutes_per_month', retries=1)}."
    ) in text
    assert f"the output reads {out('worst_case_amplification', retries=1)}" in text
    worst = SPEC.run({"depth": 3, "retries": 3}).output("worst_case_amplification").value
    assert f"Set depth 3 and retries 3 and you get {worst}," in text


def test_check_yourself_answer_quotes_the_model(text: str) -> None:
    """Four services at 99.95%, then one retry per hop: the answer's numbers are the widget's."""
    settings = {"depth": 4, "availability_pct": 99.95}
    assert f"≈ {out('chain_availability_pct', **settings)}" in text
    assert f"is {out('downtime_minutes_per_month', **settings)}" in text
    assert out("downtime_minutes_per_month", depth=1, availability_pct=99.95) == (
        "21.6 minutes a month"
    )
    assert "four times one service's 21.6 minutes" in text
    retried = {**settings, "retries": 1}
    assert (
        f"the widget shows {out('chain_availability_pct', **retried)}, about "
        f"{out('downtime_minutes_per_month', **retried)}"
    ) in text
    assert f"2^4 = {out('worst_case_amplification', **retried)}" in text
