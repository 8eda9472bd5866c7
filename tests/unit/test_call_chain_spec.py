"""The call-chain widget's declaration, view, edges and chart."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import NumberParam
from live_widgets.core.chart import PALETTE
from live_widgets.core.runtime import make_handler
from widgets import get_spec
from widgets.call_chain.spec import SPEC

DECLARED = ["chain_availability_pct", "downtime_minutes_per_month", "worst_case_amplification"]
PARAMS = ["depth", "availability_pct", "retries"]
BAD_TEXT = re.compile(r"\b(nan|inf|infinity)\b|\d[eE][+-]?\d", re.I)


def numbers() -> list[NumberParam]:
    return [p for p in SPEC.params if isinstance(p, NumberParam)]


def edge_cases() -> list[dict[str, object]]:
    """Every parameter at its minimum, at its maximum, and all together at each end."""
    cases: list[dict[str, object]] = [{}]
    for p in numbers():
        cases += [{p.name: p.minimum}, {p.name: p.maximum}]
    cases.append({p.name: p.minimum for p in numbers()})
    cases.append({p.name: p.maximum for p in numbers()})
    return cases


def all_text(params: dict[str, object]) -> str:
    view = SPEC.run(params)
    parts = [o.text for o in view.outputs] + [view.summary, *view.notes]
    return " ".join(parts + [f.alt for f in view.figures])


def test_declares_the_contract_names() -> None:
    """Widget name, parameter names (URL keys) and output names are the contract's."""
    assert SPEC.name == "call-chain"
    assert get_spec("call-chain") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == DECLARED
    by_name = {p.name: p for p in numbers()}
    assert (by_name["depth"].minimum, by_name["depth"].maximum) == (1, 20)
    assert (by_name["retries"].minimum, by_name["retries"].maximum) == (0, 5)
    assert by_name["depth"].integer and by_name["retries"].integer
    assert SPEC.defaults() == {"depth": 5, "availability_pct": 99.9, "retries": 0}
    json.dumps(SPEC.to_json())


def test_defaults_give_the_chapter_example() -> None:
    """Five services at 99.9% with no retries: 99.5%, 216 minutes a month, one call."""
    view = SPEC.run({})
    assert [o.name for o in view.outputs] == DECLARED
    assert view.output("chain_availability_pct").value == pytest.approx(100 * 0.999**5)
    assert view.output("chain_availability_pct").text == "99.5%"
    assert view.output("downtime_minutes_per_month").value == pytest.approx((1 - 0.999**5) * 43_200)
    assert view.output("downtime_minutes_per_month").text == "216 minutes (3.6 hours) a month"
    assert view.output("worst_case_amplification").value == 1
    assert "99.5%" in view.summary and "43.2 minutes" in view.summary
    json.dumps(view.to_json(), allow_nan=False)


def test_retries_show_their_price() -> None:
    """One retry per hop: 32 calls at the deepest service, said in the outputs and notes."""
    view = SPEC.run({"retries": 1})
    assert view.output("worst_case_amplification").value == 32
    assert view.output("worst_case_amplification").text == "32 calls at the deepest service"
    assert view.output("chain_availability_pct").text == "99.9995%"
    notes = " ".join(view.notes)
    assert "2^5 = 32" in notes
    assert "1 in 1 million" in notes
    assert "idempotent" in notes


@pytest.mark.parametrize("params", edge_cases())
def test_edges_run_cleanly(params: dict[str, object]) -> None:
    """At every parameter's minimum and maximum the view lists the declared outputs in
    order, with finite numbers, and no NaN, infinity or exponent in any text."""
    view = SPEC.run(params)
    assert [o.name for o in view.outputs] == DECLARED
    for output in view.outputs:
        assert isinstance(output.value, (int, float))
        assert math.isfinite(output.value)
        assert output.text
    assert not BAD_TEXT.search(all_text(params)), all_text(params)
    json.dumps(view.to_json(), allow_nan=False)


def test_never_rounds_a_failing_chain_to_100() -> None:
    """Even 20 services with 5 retries each can fail: the text never says a flat 100%."""
    view = SPEC.run({"depth": 20, "availability_pct": 99.999, "retries": 5})
    text = view.output("chain_availability_pct").text
    assert text.startswith("over 99.99")
    assert "nines" in text
    assert view.output("downtime_minutes_per_month").text == "under a millisecond a month"
    assert view.output("worst_case_amplification").value == 6**20


def drawings(svg: str) -> list[str]:
    found = re.findall(r"<svg\b.*?</svg>", svg, re.S)
    assert "".join(found) == svg
    assert [re.findall(r"\bw-(wide|narrow)\b", d.split(">", 1)[0]) for d in found] == [
        ["wide"],
        ["narrow"],
    ]
    return found


@pytest.mark.parametrize(("retries", "series"), [(0, 1), (2, 2)])
def test_chart_draws_both_curves_and_marks_you(retries: int, series: int) -> None:
    """Availability against depth: one curve without retries, two with; the current point
    is marked; drawn wide and narrow, accessible, no ids, palette colours."""
    view = SPEC.run({"retries": retries, "depth": 7})
    assert len(view.figures) == 1
    figure = view.figures[0]
    for drawing in drawings(figure.svg):
        assert 'role="img"' in drawing and "<title>" in drawing
        assert not re.search(r"\sid=", drawing)
        paths = re.findall(r'<path class="w-series"[^>]*>', drawing)
        assert len(paths) == series
        colours = set(re.findall(r'stroke="(#[0-9A-Fa-f]{6})"', " ".join(paths)))
        assert colours <= set(PALETTE)
        assert drawing.count('class="w-marker"') == 1
        assert "at depth 7" in drawing
    assert "You are at depth 7" in figure.alt
    assert ("retries per hop" in figure.alt) == bool(retries)


def test_runtime_round_trip() -> None:
    """The browser entry point answers JSON for a good request and names a bad parameter."""
    handle = make_handler("widgets")
    reply = json.loads(handle(json.dumps({"kind": "run", "widget": "call-chain", "params": {}})))
    assert reply["ok"] is True
    bad = {"kind": "run", "widget": "call-chain", "params": {"retries": 6}}
    reply = json.loads(handle(json.dumps(bad)))
    assert reply["ok"] is False and reply["param"] == "retries"


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 20), st.floats(90.0, 99.999), st.integers(0, 5))
def test_any_valid_input_reads_cleanly(depth: int, pct: float, retries: int) -> None:
    """Anywhere in range the texts carry no NaN, infinity or exponent."""
    params = {"depth": depth, "availability_pct": pct, "retries": retries}
    assert not BAD_TEXT.search(all_text(params)), all_text(params)
