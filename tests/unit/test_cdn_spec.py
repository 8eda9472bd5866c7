"""The CDN widget's declaration and view: names, defaults, formulas, edges, chart."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import ChoiceParam, NumberParam, View
from widgets import get_spec
from widgets.cdn.spec import SPEC

OUTPUTS = ["origin_rps", "ttfb_direct_ms", "ttfb_cdn_hit_ms", "ttfb_cdn_miss_ms"]
PARAMS = [
    "rps",
    "edge_hit_pct",
    "shield",
    "shield_hit_pct",
    "user_edge_rtt_ms",
    "user_origin_rtt_ms",
    "origin_ms",
]
BAD_WORDS = re.compile(r"\b(nan|inf|infinity|infinite)\b", re.IGNORECASE)


def all_text(view: View) -> str:
    """Everything a reader sees as text: outputs, summary, notes, figure titles and alts."""
    parts = [o.text for o in view.outputs] + [view.summary, *view.notes]
    parts += [f"{f.title} {f.alt} {f.svg}" for f in view.figures]
    return " ".join(parts)


def assert_sound(view: View) -> None:
    """Declared outputs in order, JSON without NaN, no nan/inf words, no negative numbers."""
    assert [o.name for o in view.outputs] == OUTPUTS
    json.dumps(view.to_json(), allow_nan=False)
    assert not BAD_WORDS.search(all_text(view))
    words = " ".join([*(o.text for o in view.outputs), view.summary, *view.notes])
    assert not re.search(r"(?<![\w(])-\d", words), words
    for output in view.outputs:
        assert isinstance(output.value, float | int)
        assert math.isfinite(output.value) and output.value >= 0
        assert not re.search(r"-\d", output.text)


def test_declares_the_contract_names() -> None:
    """Name, parameter names in order, outputs with origin_rps first, and the defaults."""
    assert SPEC.name == "cdn"
    assert get_spec("cdn") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == OUTPUTS
    shield = SPEC.param("shield")
    assert isinstance(shield, ChoiceParam) and shield.values == ("on", "off")
    assert SPEC.defaults() == {
        "rps": 5_000,
        "edge_hit_pct": 90,
        "shield": "on",
        "shield_hit_pct": 80,
        "user_edge_rtt_ms": 15,
        "user_origin_rtt_ms": 150,
        "origin_ms": 20,
    }
    json.dumps(SPEC.to_json())


def test_defaults_match_the_contract_formulas() -> None:
    """5,000 x 0.1 x 0.2 = 100 req/s; 3 x 150 + 20 = 470 ms; 3 x 15 = 45 ms; 45 + 150 + 20 = 215 ms."""
    view = SPEC.run({})
    assert_sound(view)
    assert view.output("origin_rps").value == pytest.approx(100)
    assert view.output("ttfb_direct_ms").value == 470
    assert view.output("ttfb_cdn_hit_ms").value == 45
    assert view.output("ttfb_cdn_miss_ms").value == 215
    assert view.output("origin_rps").text.startswith("100 req/s")
    assert "45 ms" in view.summary and "470 ms" in view.summary


@pytest.mark.parametrize(
    "params",
    [
        {"shield": "off"},
        {"edge_hit_pct": 99.5, "shield_hit_pct": 50, "rps": 1_000_000},
        {"edge_hit_pct": 0, "shield": "off", "origin_ms": 0},
        {"user_edge_rtt_ms": 5, "user_origin_rtt_ms": 75, "origin_ms": 100},
        {"user_edge_rtt_ms": 300, "user_origin_rtt_ms": 1},
    ],
)
def test_outputs_follow_the_formulas_at_several_points(params: dict[str, object]) -> None:
    """Each output against the contract's formulas, written again here."""
    view = SPEC.run(params)
    assert_sound(view)
    p = {**SPEC.defaults(), **params}
    shield_factor = 1 - float(p["shield_hit_pct"]) / 100 if p["shield"] == "on" else 1.0
    origin = float(p["rps"]) * (1 - float(p["edge_hit_pct"]) / 100) * shield_factor
    edge, far, work = (float(p[k]) for k in ("user_edge_rtt_ms", "user_origin_rtt_ms", "origin_ms"))
    assert view.output("origin_rps").value == pytest.approx(origin, abs=1e-9)
    assert view.output("ttfb_direct_ms").value == pytest.approx(3 * far + work)
    assert view.output("ttfb_cdn_hit_ms").value == pytest.approx(3 * edge)
    assert view.output("ttfb_cdn_miss_ms").value == pytest.approx(3 * edge + far + work)


def test_all_hits_say_so() -> None:
    """At a 100% edge hit rate the origin gets nothing and the text says why."""
    view = SPEC.run({"edge_hit_pct": 100})
    assert view.output("origin_rps").value == 0
    assert "answer everything" in view.output("origin_rps").text


def test_far_edge_is_flagged() -> None:
    """An edge no nearer than the origin: the notes say the CDN cannot shorten the first byte."""
    view = SPEC.run({"user_edge_rtt_ms": 200, "user_origin_rtt_ms": 100})
    assert any("no nearer" in note for note in view.notes)
    assert any("longer than going direct" in note for note in view.notes)


@pytest.mark.parametrize("param", [p for p in SPEC.params if isinstance(p, NumberParam)])
@pytest.mark.parametrize("edge", ["minimum", "maximum"])
@pytest.mark.parametrize("shield", ["on", "off"])
def test_every_edge_runs_cleanly(param: NumberParam, edge: str, shield: str) -> None:
    """Each parameter at its minimum and maximum, shield on and off: a sound view."""
    assert_sound(SPEC.run({param.name: getattr(param, edge), "shield": shield}))


def test_all_maxima_and_all_minima_together() -> None:
    """Every number at its maximum at once, then at its minimum: still sound."""
    numbers = [p for p in SPEC.params if isinstance(p, NumberParam)]
    assert_sound(SPEC.run({p.name: p.maximum for p in numbers}))
    assert_sound(SPEC.run({p.name: p.minimum for p in numbers}))


@settings(max_examples=80, deadline=None)
@given(
    st.floats(1, 1e7),
    st.floats(0, 100),
    st.sampled_from(["on", "off"]),
    st.floats(0, 100),
    st.floats(1, 300),
    st.floats(1, 400),
    st.floats(0, 5_000),
)
def test_any_valid_setting_gives_a_sound_view(
    rps: float, edge: float, shield: str, shield_hit: float, e: float, o: float, work: float
) -> None:
    """Hypothesis over the whole valid range: every view is sound."""
    params = dict(zip(PARAMS, (rps, edge, shield, shield_hit, e, o, work), strict=True))
    assert_sound(SPEC.run(params))


def test_chart_shows_both_lines_and_the_current_point() -> None:
    """One figure, wide and narrow, with and without shield, the current point labelled."""
    (figure,) = SPEC.run({}).figures
    assert figure.svg.count("<svg") == 2
    assert "Without shield" in figure.svg and "With shield (80% hits)" in figure.svg
    assert "100 req/s at 90%" in figure.svg
    assert "100 req/s reach the origin" in figure.alt
