"""The queue-backlog widget's declaration and view: names, rule, formulas, never-draining
backlogs said in words, edges, chart."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import AtMost, NumberParam, ParamError, View
from widgets import get_spec
from widgets.queue_backlog.spec import SPEC

OUTPUTS = ["capacity_rps", "peak_backlog", "drain_s", "max_wait_s", "workers_needed"]
PARAMS = ["arrival_rps", "burst_rps", "burst_s", "workers", "job_ms", "wait_target_s"]
BAD_WORDS = re.compile(r"\b(nan|inf|infinity|infinite)\b", re.IGNORECASE)


def all_text(view: View) -> str:
    """Everything a reader sees as text: outputs, summary, notes, figure titles and alts."""
    parts = [o.text for o in view.outputs] + [view.summary, *view.notes]
    parts += [f"{f.title} {f.alt} {f.svg}" for f in view.figures]
    return " ".join(parts)


def assert_sound(view: View) -> None:
    """Declared outputs in order, JSON without NaN, no nan/inf words, values either finite
    and not negative or the id 'unbounded' (for the three that need a draining queue)."""
    assert [o.name for o in view.outputs] == OUTPUTS
    json.dumps(view.to_json(), allow_nan=False)
    assert not BAD_WORDS.search(all_text(view))
    for output in view.outputs:
        if isinstance(output.value, str):
            assert output.value == "unbounded"
            assert output.name in ("peak_backlog", "drain_s", "max_wait_s")
            continue
        assert math.isfinite(output.value) and output.value >= 0
        assert not re.search(r"-\d", output.text)
    assert isinstance(view.output("workers_needed").value, int)


def test_declares_the_contract_names_and_rule() -> None:
    """Name, parameters and outputs in order, defaults, and arrival_rps <= burst_rps as data."""
    assert SPEC.name == "queue-backlog"
    assert get_spec("queue-backlog") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == OUTPUTS
    assert SPEC.rules == (AtMost("arrival_rps", "burst_rps"),)
    assert SPEC.defaults() == {
        "arrival_rps": 20,
        "burst_rps": 100,
        "burst_s": 600,
        "workers": 12,
        "job_ms": 400,
        "wait_target_s": 60,
    }
    workers = SPEC.param("workers")
    assert isinstance(workers, NumberParam) and workers.integer
    json.dumps(SPEC.to_json())


def test_burst_below_normal_traffic_is_refused() -> None:
    """A 'burst' slower than normal traffic is refused, naming arrival_rps."""
    with pytest.raises(ParamError) as caught:
        SPEC.run({"arrival_rps": 200, "burst_rps": 100})
    assert caught.value.name == "arrival_rps"


def test_defaults_match_the_contract_formulas() -> None:
    """30 jobs/s; 70 x 600 = 42,000 jobs; 42,000 / 10 = 4,200 s; 42,000 / 30 = 1,400 s; 37 workers."""
    view = SPEC.run({})
    assert_sound(view)
    assert view.output("capacity_rps").value == 12 * 1000 / 400
    assert view.output("peak_backlog").value == (100 - 30) * 600
    assert view.output("drain_s").value == 42_000 / (30 - 20)
    assert view.output("max_wait_s").value == pytest.approx(42_000 / 30)
    assert view.output("workers_needed").value == 37
    assert view.output("drain_s").text == "70 min"
    assert view.output("peak_backlog").text == "42,000 jobs"


@pytest.mark.parametrize(
    "params",
    [
        {"workers": 37},
        {"workers": 50},
        {"arrival_rps": 0.1, "workers": 8},
        {"arrival_rps": 1_000, "burst_rps": 50_000, "burst_s": 60, "workers": 500, "job_ms": 250},
    ],
)
def test_outputs_follow_the_formulas_at_several_points(params: dict[str, float]) -> None:
    """Each output against the contract's formula, written again here."""
    view = SPEC.run(params)
    assert_sound(view)
    p = {**SPEC.defaults(), **params}
    c = float(p["workers"]) * 1000 / float(p["job_ms"])
    peak = max(0.0, float(p["burst_rps"]) - c) * float(p["burst_s"])
    assert view.output("capacity_rps").value == pytest.approx(c)
    assert view.output("peak_backlog").value == pytest.approx(peak)
    assert view.output("drain_s").value == pytest.approx(peak / (c - float(p["arrival_rps"])))
    assert view.output("max_wait_s").value == pytest.approx(peak / c)


@pytest.mark.parametrize("workers", [8, 6, 1])
def test_never_draining_backlog_is_said_in_words(workers: int) -> None:
    """arrival_rps >= capacity: peak, drain and wait are 'unbounded' with words; capacity and
    workers_needed still show."""
    view = SPEC.run({"workers": workers})
    assert_sound(view)
    for name in ("peak_backlog", "drain_s", "max_wait_s"):
        assert view.output(name).value == "unbounded"
    assert "never" in view.output("drain_s").text
    assert "never drains" in view.summary
    assert view.output("workers_needed").value == 37
    assert "Never drains" in view.figures[0].svg


def test_no_backlog_when_the_pool_keeps_up() -> None:
    """Capacity at or above the burst: no backlog, no wait, and the texts say so."""
    view = SPEC.run({"workers": 40})
    assert view.output("peak_backlog").value == 0
    assert view.output("max_wait_s").value == 0
    assert "keep up" in view.output("peak_backlog").text


@pytest.mark.parametrize("param", [p for p in SPEC.params if isinstance(p, NumberParam)])
@pytest.mark.parametrize("edge", ["minimum", "maximum"])
def test_every_edge_runs_cleanly(param: NumberParam, edge: str) -> None:
    """Each parameter at its minimum and maximum (the burst kept at least the normal rate)."""
    params: dict[str, float] = {param.name: getattr(param, edge)}
    if param.name == "arrival_rps" and edge == "maximum":
        params["burst_rps"] = param.maximum
    if param.name == "burst_rps" and edge == "minimum":
        params["arrival_rps"] = param.minimum
    assert_sound(SPEC.run(params))


def test_all_maxima_and_all_minima_together() -> None:
    """Every number at its maximum at once, then at its minimum: still sound."""
    numbers = [p for p in SPEC.params if isinstance(p, NumberParam)]
    assert_sound(SPEC.run({p.name: p.maximum for p in numbers}))
    assert_sound(SPEC.run({p.name: p.minimum for p in numbers}))


@settings(max_examples=80, deadline=None)
@given(
    st.floats(0.1, 100_000),
    st.floats(0.1, 1_000_000),
    st.floats(1, 86_400),
    st.integers(1, 10_000),
    st.floats(1, 3_600_000),
    st.floats(1, 86_400),
)
def test_any_valid_setting_gives_a_sound_view(
    arrival: float, burst_rate: float, burst_s: float, workers: int, job_ms: float, target: float
) -> None:
    """Hypothesis over the whole valid range (burst at least the normal rate): sound views."""
    values = (min(arrival, burst_rate), burst_rate, burst_s, workers, job_ms, target)
    assert_sound(SPEC.run(dict(zip(PARAMS, values, strict=True))))


def test_chart_shows_the_backlog_and_the_target_line() -> None:
    """One figure, wide and narrow, with the backlog, the wait-target line and the peak."""
    (figure,) = SPEC.run({}).figures
    assert figure.svg.count("<svg") == 2
    assert "Backlog that waits 60 s" in figure.svg
    assert "Peak: 42,000 jobs" in figure.svg
    assert "42,000 jobs" in figure.alt and "70 min" in figure.alt
