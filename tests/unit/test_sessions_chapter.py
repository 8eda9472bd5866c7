"""The stateless-web-tier chapter quotes the sessions widget: its numbers are the model's."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from widgets.sessions.spec import SPEC

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "stateless-web-tier.md"


@pytest.fixture(scope="module")
def text() -> str:
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def out(name: str, **params: object) -> str:
    """An output's text for people at the given settings."""
    return SPEC.run(params).output(name).text


def test_block_places_the_widget_with_a_numeric_prediction() -> None:
    """The chapter's block names the widget, predicts minutes_to_balance, and that output is a
    number at the block's settings (the defaults)."""
    raw = CHAPTER.read_text(encoding="utf-8")
    block = re.search(r"```widget\n(.*?)```", raw, re.S)
    assert block is not None
    lines = block.group(1).splitlines()
    assert lines[0] == "widget: sessions"
    assert lines[1:3] == ["predict:", "  output: minutes_to_balance"]
    assert lines[3].startswith('  question: "') and len(lines) == 4
    value = SPEC.run({}).output("minutes_to_balance").value
    assert isinstance(value, float) and math.isfinite(value)


def test_walkthrough_quotes_the_defaults(text: str) -> None:
    """91 min to balance, half and 90% fill times, a crash and a deploy at the defaults."""
    assert f"The answer is about {out('minutes_to_balance')}, three times that" in text
    view = SPEC.run({})
    fleet_note = view.notes[0]
    half, ninety = re.findall(r"after (\d+ min)", fleet_note)
    assert f"half its fair share after about {half} and 90% after about {ninety}" in text
    assert f"One crash logs out {out('users_logged_out_per_failure')}" in text
    deploy = SPEC.run({}).output("users_logged_out_per_deploy").value
    assert f"logs everyone out**: all {deploy:,.0f}" in text


def test_experiments_quote_the_widget(text: str) -> None:
    """The three experiments: a tenfold scale-out, 5-minute sessions, the shared store."""
    assert f"overloaded for about {out('minutes_to_balance', added_servers=36)}" in text
    assert f"Balancing takes about {out('minutes_to_balance', session_minutes=5)}" in text
    shared = SPEC.run({"store": "shared_store"})
    assert all(o.value == 0 for o in shared.outputs)
    assert "All three numbers drop to 0" in text


def test_check_yourself_answer_is_the_widgets(text: str) -> None:
    """Six servers, 3 added, 20-minute sessions: the answer quotes the widget and the formula."""
    answer = out("minutes_to_balance", servers=6, added_servers=3, session_minutes=20)
    assert f"About {answer}: 20 x ln(11 + 10 x 3/6) = 20 x ln 16" in text
    assert answer == f"{20 * math.log(16):.0f} min"
