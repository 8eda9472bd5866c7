"""The estimator widget's declaration, its steps said aloud, edges and chart."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import NumberParam
from widgets import get_spec
from widgets.estimator.spec import SPEC

DECLARED = ["avg_rps", "peak_rps", "write_rps", "storage_tb", "peak_bandwidth_mbps"]
PARAMS = [
    "dau",
    "requests_per_user",
    "peak_factor",
    "write_pct",
    "object_kb",
    "retention_years",
    "replicas",
]
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


def all_text(view: object) -> str:
    from live_widgets.core import View

    assert isinstance(view, View)
    parts = [o.text for o in view.outputs] + [view.summary, *view.notes]
    return " ".join(parts + [f.alt for f in view.figures])


def test_declares_the_contract_names_and_the_chapter_defaults() -> None:
    """Names are the contract's; defaults are the interview chapter's photo app."""
    assert SPEC.name == "estimator"
    assert get_spec("estimator") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == DECLARED
    assert SPEC.defaults() == {
        "dau": 10_000_000,
        "requests_per_user": 10,
        "peak_factor": 3,
        "write_pct": 1,
        "object_kb": 2000,
        "retention_years": 1,
        "replicas": 1,
    }
    json.dumps(SPEC.to_json())


def test_defaults_and_the_steps_said_aloud() -> None:
    """At the defaults the outputs are the worked example's, and the notes list each step
    with its numbers, in order, then the rounded figures."""
    view = SPEC.run({})
    assert [o.name for o in view.outputs] == DECLARED
    assert view.output("avg_rps").text == "1,157 requests/s"
    assert view.output("peak_rps").text == "3,472 requests/s"
    assert view.output("write_rps").text == "11.6 writes/s"
    assert view.output("storage_tb").text == "730 TB"
    assert view.output("peak_bandwidth_mbps").text == "55,556 Mbit/s (55.6 Gbit/s)"
    notes = view.notes
    assert [n.split(".", 1)[0] for n in notes[:6]] == ["1", "2", "3", "4", "5", "6"]
    assert notes[0] == "1. Requests a day: 10 million users \u00d7 10 requests = 100 million a day."
    assert "100 million / 86,400 s ≈ 1,157 requests/s" in notes[1]
    assert "1,157 \u00d7 3 (peak factor) ≈ 3,472 requests/s" in notes[2]
    assert "about 35/s at peak" in notes[3] and "99:1" in notes[3]
    assert "1 million writes a day \u00d7 2,000 KB (2 MB) = 2 TB a day" in notes[4]
    assert "\u00d7 365 days \u00d7 1 year \u00d7 1 copy = 730 TB" in notes[4]
    assert "3,472 requests/s \u00d7 2,000 KB (2 MB) \u00d7 8 bits = 55,556 Mbit/s" in notes[5]
    assert notes[6].startswith("Say it rounded: about 1,200 requests/s on average, 3,500 at peak")
    json.dumps(view.to_json(), allow_nan=False)


@pytest.mark.parametrize("params", edge_cases())
def test_edges_run_cleanly(params: dict[str, object]) -> None:
    """At every parameter's extremes: declared outputs in order, finite numbers, and no NaN,
    infinity or exponent in any text."""
    view = SPEC.run(params)
    assert [o.name for o in view.outputs] == DECLARED
    for output in view.outputs:
        assert isinstance(output.value, (int, float)) and math.isfinite(output.value)
    assert not BAD_TEXT.search(all_text(view)), all_text(view)
    json.dumps(view.to_json(), allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "dau": st.floats(100, 3e9),
            "requests_per_user": st.floats(0.1, 10_000),
            "write_pct": st.one_of(st.floats(0, 100), st.sampled_from([5e-324, 1e-300])),
            "object_kb": st.floats(0.1, 1e6),
            "retention_years": st.floats(0.1, 100),
        }
    )
)
def test_any_valid_input_reads_cleanly(params: dict[str, object]) -> None:
    """Anywhere in range, even with vanishing write shares, texts stay free of exponents."""
    view = SPEC.run(params)
    assert not BAD_TEXT.search(all_text(view)), all_text(view)


def test_chart_marks_the_current_dau() -> None:
    """Requests a second against DAU: peak and average, the current point marked, drawn
    wide and narrow, accessible."""
    view = SPEC.run({"dau": 1_000_000_000})
    figure = view.figures[0]
    drawings = re.findall(r"<svg\b.*?</svg>", figure.svg, re.S)
    assert len(drawings) == 2
    for drawing in drawings:
        assert 'role="img"' in drawing and not re.search(r"\sid=", drawing)
        assert len(re.findall(r'<path class="w-series"', drawing)) == 2
        assert drawing.count('class="w-marker"') == 1
    assert "You are at 1 billion daily users" in figure.alt
