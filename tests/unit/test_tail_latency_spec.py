"""The tail-latency widget's declaration, its no-errors state, edges and chart."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import NumberParam
from widgets import get_spec
from widgets.tail_latency.spec import SPEC

DECLARED = ["slow_request_pct", "error_budget_minutes", "burn_rate", "hours_to_exhaust"]
PARAMS = ["fanout", "slow_pct", "slo_pct", "error_pct"]
BAD_TEXT = re.compile(r"\b(nan|inf|infinity)\b|\d[eE][+-]?\d", re.I)


def numbers() -> list[NumberParam]:
    return [p for p in SPEC.params if isinstance(p, NumberParam)]


def edge_cases() -> list[dict[str, object]]:
    cases: list[dict[str, object]] = [{}]
    for p in numbers():
        cases += [{p.name: p.minimum}, {p.name: p.maximum}]
    cases.append({p.name: p.minimum for p in numbers()})
    cases.append({p.name: p.maximum for p in numbers()})
    return cases


def test_declares_the_contract_names() -> None:
    """Widget, parameter and output names are the contract's; fan-out runs 1 to 1,000."""
    assert SPEC.name == "tail-latency"
    assert get_spec("tail-latency") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == DECLARED
    fanout = SPEC.param("fanout")
    assert isinstance(fanout, NumberParam)
    assert (fanout.minimum, fanout.maximum, fanout.integer, fanout.scale) == (1, 1000, True, "log")
    assert SPEC.defaults() == {"fanout": 10, "slow_pct": 1, "slo_pct": 99.9, "error_pct": 0.5}
    json.dumps(SPEC.to_json())


def test_defaults() -> None:
    """10 backends at 1% slow: 9.6%; 99.9% SLO: 43.2 minutes; 0.5% errors: 5x, 144 hours."""
    view = SPEC.run({})
    assert [o.name for o in view.outputs] == DECLARED
    assert view.output("slow_request_pct").value == pytest.approx((1 - 0.99**10) * 100)
    assert view.output("slow_request_pct").text == "9.6% of requests"
    assert view.output("error_budget_minutes").text == "43.2 minutes a month"
    assert view.output("burn_rate").value == pytest.approx(5)
    assert view.output("hours_to_exhaust").value == pytest.approx(144)
    assert view.output("hours_to_exhaust").text == "144 hours (6 days)"
    assert "ticket" in " ".join(view.notes)
    json.dumps(view.to_json(), allow_nan=False)


def test_no_errors_never_run_out_in_words() -> None:
    """error_pct = 0: burn rate 0, hours_to_exhaust 'never' (said in words, no infinity)."""
    view = SPEC.run({"error_pct": 0})
    assert [o.name for o in view.outputs] == DECLARED
    assert view.output("burn_rate").value == 0.0
    assert view.output("hours_to_exhaust").value == "never"
    assert view.output("hours_to_exhaust").text.startswith("never")
    assert "not being spent" in view.summary
    assert "never runs out" in " ".join(view.notes)


def test_page_threshold_and_slow_burns() -> None:
    """At a burn of 14.4 the notes say page; below 1 the budget outlasts the month."""
    fast = SPEC.run({"error_pct": 1.44})
    assert fast.output("hours_to_exhaust").text == "50 hours (2.1 days)"
    assert "page someone now" in " ".join(fast.notes)
    slow = SPEC.run({"error_pct": 0.05})
    assert "longer than the 30-day window" in slow.output("hours_to_exhaust").text
    assert "longer than the month" in slow.summary


@pytest.mark.parametrize("params", edge_cases())
def test_edges_run_cleanly(params: dict[str, object]) -> None:
    """At every parameter's extremes: declared outputs in order, finite numbers or 'never',
    no NaN, infinity or exponent in any text."""
    view = SPEC.run(params)
    assert [o.name for o in view.outputs] == DECLARED
    for output in view.outputs:
        assert output.value == "never" or (
            isinstance(output.value, (int, float)) and math.isfinite(output.value)
        )
    text = " ".join(
        [o.text for o in view.outputs] + [view.summary, *view.notes, view.figures[0].alt]
    )
    assert not BAD_TEXT.search(text), text
    json.dumps(view.to_json(), allow_nan=False)


@pytest.mark.parametrize("errors", [5e-324, 1e-300, "1e-12"])
def test_vanishing_error_rates_read_as_never(errors: object) -> None:
    """Error rates too small to matter (even subnormal ones a URL can carry) read as
    'never, in practice', with no exponent or infinity in any text."""
    view = SPEC.run({"error_pct": errors})
    text = " ".join([o.text for o in view.outputs] + [view.summary, *view.notes])
    assert not BAD_TEXT.search(text), text
    assert view.output("hours_to_exhaust").text.startswith(("never", "more than a century"))
    json.dumps(view.to_json(), allow_nan=False)


@pytest.mark.parametrize(("slow", "series"), [(1.0, 2), (0.0, 1)])
def test_chart_marks_the_current_fanout(slow: float, series: int) -> None:
    """Slow requests against fan-out, with a tenfold-better tail for comparison (none when
    no call is slow), the current point marked, drawn wide and narrow."""
    view = SPEC.run({"fanout": 100, "slow_pct": slow})
    figure = view.figures[0]
    drawings = re.findall(r"<svg\b.*?</svg>", figure.svg, re.S)
    assert len(drawings) == 2
    for drawing in drawings:
        assert 'role="img"' in drawing and not re.search(r"\sid=", drawing)
        assert len(re.findall(r'<path class="w-series"', drawing)) == series
        assert drawing.count('class="w-marker"') == 1
    assert "You are at 100 backends" in figure.alt
    if slow:
        assert "63.4% at 100" in figure.alt


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "fanout": st.integers(1, 1000),
            "slow_pct": st.one_of(st.floats(0, 50), st.sampled_from([5e-324, 1e-300, 5e-5])),
            "slo_pct": st.floats(90.0, 99.999),
            "error_pct": st.one_of(st.floats(0, 100), st.sampled_from([5e-324, 1e-300])),
        }
    )
)
def test_any_valid_input_reads_cleanly(params: dict[str, object]) -> None:
    """Anywhere in range, even with vanishing shares, texts carry no NaN, infinity or
    exponent, and the outputs stay finite or 'never'."""
    view = SPEC.run(params)
    text = " ".join([o.text for o in view.outputs] + [view.summary, *view.notes])
    assert not BAD_TEXT.search(text), text
    json.dumps(view.to_json(), allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0.0, max_value=1e6, allow_nan=False))
def test_no_exponents_in_rates_and_probabilities(value: float) -> None:
    """Burn rates and probabilities of any size read without exponent notation."""
    from widgets.tail_latency.view import number, probability

    for text in (number(value), probability(min(value, 1.0))):
        assert not BAD_TEXT.search(text), text
