"""The observability chapter quotes the tail-latency widget: its numbers must be the model's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets import get_spec
from widgets.tail_latency.view import rate_text

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "observability.md"
SPEC = get_spec("tail-latency")


@pytest.fixture(scope="module")
def text() -> str:
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def out(name: str, **params: object) -> str:
    return SPEC.run(params).output(name).text


def test_block_sets_fanout_and_asks_for_a_prediction(text: str) -> None:
    """The block sets fan-out 100 and asks for the share of slow requests."""
    block = re.search(r"```widget widget: tail-latency (.*?)```", text)
    assert block is not None
    assert block.group(1).startswith("fanout: 100 predict: output: slow_request_pct")
    assert "100 backends in parallel, each slow on 1% of calls" in block.group(1)


def test_fanout_walkthrough_quotes_the_model(text: str) -> None:
    """63.4% at 100 backends (Dean and Barroso's 63%), 9.6% at 10, 9.5% with a 0.1% tail."""
    assert f"The answer is {out('slow_request_pct', fanout=100)}." in text
    ten = out("slow_request_pct").removesuffix(" of requests")
    assert f"At 10 backends it is {ten}," in text
    better = out("slow_request_pct", fanout=100, slow_pct=0.1)
    assert f"at 100 backends only {better} are slow" in text


def test_budget_walkthrough_quotes_the_model(text: str) -> None:
    """Budget, burn rate and time to exhaustion at 0.5% and 1.44% errors and a 99.99% SLO."""
    view = SPEC.run({})
    assert f"the budget is {view.output('error_budget_minutes').text}." in text
    burn = rate_text(float(view.output("burn_rate").value))
    assert (
        f"burns it at {burn} the sustainable rate, so it is gone in "
        f"{view.output('hours_to_exhaust').text}"
    ) in text
    page = SPEC.run({"error_pct": 1.44})
    assert (
        f"the burn rate is {rate_text(float(page.output('burn_rate').value))} and the budget is "
        f"gone in {page.output('hours_to_exhaust').text}"
    ) in text
    assert SPEC.run({"error_pct": 0}).output("hours_to_exhaust").value == "never"
    assert "Set the error rate to 0 and the budget is never spent." in text
    strict = SPEC.run({"slo_pct": 99.99})
    assert (
        f"The budget shrinks to {strict.output('error_budget_minutes').text}, and the same 0.5% "
        f"of errors now empties it in {strict.output('hours_to_exhaust').text}."
    ) in text


def test_check_yourself_answer_quotes_the_model(text: str) -> None:
    """2% errors against 99.9%: a burn rate of 20, the budget gone in 36 hours."""
    view = SPEC.run({"error_pct": 2})
    assert view.output("burn_rate").value == pytest.approx(20)
    assert view.output("hours_to_exhaust").text == "36 hours"
    assert (
        f"The burn rate is 2% / 0.1% = {rate_text(float(view.output('burn_rate').value))}, so a "
        f"full budget of 43.2 minutes is gone in 720 / 20 = {view.output('hours_to_exhaust').text}."
    ) in text
