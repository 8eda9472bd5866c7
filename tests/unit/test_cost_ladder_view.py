"""The cost-ladder widget as the page sees it: declaration, outputs, figures, notes, bad input."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import ParamError
from live_widgets.core.chart import PALETTE
from live_widgets.core.params import NumberParam
from widgets.cost_ladder.spec import SPEC
from widgets.cost_ladder.stages import STAGE_IDS

DECLARED_OUTPUTS = [
    "stage",
    "monthly_cost",
    "cost_per_user",
    "peak_rps",
    "app_servers",
    "db_replicas",
    "cache_nodes",
    "shards",
    "regions",
]

EXTREMES: list[dict[str, Any]] = [
    {
        "dau": 100,
        "requests_per_user": 1,
        "peak_factor": 1,
        "read_ratio": 0,
        "static_mb_per_user": 0,
    },
    {
        "dau": 1_000_000_000,
        "requests_per_user": 10_000,
        "peak_factor": 20,
        "read_ratio": 1,
        "static_mb_per_user": 1_000,
    },
    {
        "dau": 1_000_000_000,
        "requests_per_user": 10_000,
        "peak_factor": 20,
        "read_ratio": 0,
        "static_mb_per_user": 1_000,
    },
    {
        "dau": 5_000,
        "requests_per_user": 50,
        "peak_factor": 3,
        "read_ratio": 0.9,
        "static_mb_per_user": 1_000,
    },
]


def drawings(svg: str) -> list[str]:
    """A figure's drawings, one per chart layout: wide, then narrow."""
    found = re.findall(r"<svg\b.*?</svg>", svg, re.S)
    assert "".join(found) == svg
    layouts = [re.findall(r"\bw-(wide|narrow)\b", d.split(">", 1)[0]) for d in found]
    assert layouts == [["wide"], ["narrow"]]
    return found


def _number(name: str) -> NumberParam:
    param = SPEC.param(name)
    assert isinstance(param, NumberParam)
    return param


def test_declared_inputs_are_exactly_the_five_sliders() -> None:
    """Names, ranges and defaults as the chapter's widget blocks expect them."""
    declared = {
        p.name: (p.minimum, p.maximum, p.default) for p in SPEC.params if isinstance(p, NumberParam)
    }
    assert declared == {
        "dau": (100, 1_000_000_000, 100_000),
        "requests_per_user": (1, 10_000, 50),
        "peak_factor": (1, 20, 3),
        "read_ratio": (0, 1, 0.9),
        "static_mb_per_user": (0, 1_000, 2),
    }
    assert [p.name for p in SPEC.params] == list(declared)
    assert _number("dau").scale == "log" and _number("dau").integer
    assert _number("requests_per_user").integer
    assert _number("read_ratio").step == 0.01
    assert SPEC.name == "cost-ladder"
    assert "widgets.cost_ladder.model" in SPEC.model_modules


def test_defaults_run_and_outputs_match_the_declaration_in_order() -> None:
    """SPEC.run(defaults) works and starts with exactly the declared outputs."""
    view = SPEC.run(SPEC.defaults())
    assert [o.name for o in SPEC.outputs] == DECLARED_OUTPUTS
    assert [o.name for o in view.outputs][: len(DECLARED_OUTPUTS)] == DECLARED_OUTPUTS


def test_default_outputs_are_machine_values_and_human_texts() -> None:
    """Ids as str, money as float, counts as int; texts formatted for people."""
    view = SPEC.run(SPEC.defaults())
    out = {o.name: o for o in view.outputs}
    assert out["stage"].value == "replicas-cache"
    assert out["stage"].text == "3 of 6: Read replicas + cache"
    assert isinstance(out["monthly_cost"].value, float) and out["monthly_cost"].value > 0
    assert out["monthly_cost"].text.startswith("$") and out["monthly_cost"].text.endswith("a month")
    assert out["cost_per_user"].value == pytest.approx(out["monthly_cost"].value / 100_000)
    assert out["cost_per_user"].text == "$0.022 per user a month"
    assert out["peak_rps"].value == pytest.approx(100_000 * 50 * 3 / 86_400)
    assert out["peak_rps"].text == "174 req/s"
    for name in ("app_servers", "db_replicas", "cache_nodes", "shards", "regions"):
        assert isinstance(out[name].value, int) and not isinstance(out[name].value, bool)
    assert (out["shards"].value, out["regions"].value) == (1, 1)


@pytest.mark.parametrize("params", EXTREMES)
def test_extreme_inputs_give_a_full_view(params: dict[str, Any]) -> None:
    """Corners of the parameter space still produce finite outputs, both figures and notes."""
    view = SPEC.run(params)
    out = {o.name: o for o in view.outputs}
    assert out["stage"].value in STAGE_IDS
    assert math.isfinite(out["monthly_cost"].value) and out["monthly_cost"].value > 0
    assert len(view.figures) == 2
    assert view.summary and view.notes
    json.dumps(view.to_json())


def test_a_billion_heavy_users_is_flagged_as_past_the_model_range() -> None:
    """More regions than AWS has: the notes say the model is past its range."""
    view = SPEC.run(EXTREMES[1])
    assert any("past its range" in note for note in view.notes)


def test_summary_states_stage_reason_and_cost() -> None:
    """The screen-reader summary names the stage, the limit with numbers, and the bill."""
    view = SPEC.run(SPEC.defaults())
    assert "stage 3 of 6" in view.summary
    assert "peak 521 queries/s exceeds one database's 400 queries/s" in view.summary
    assert "$2,228 a month" in view.summary


def test_notes_explain_each_step_what_comes_next_and_the_prices() -> None:
    """'Why this stage' as plain sentences: every step, the next limit, the quoted ladder."""
    notes = SPEC.run(SPEC.defaults()).notes
    assert notes[0].startswith("Step to stage 2, Load balancer + app servers:")
    assert notes[1].startswith("Step to stage 3, Read replicas + cache:")
    assert any(n.startswith("Next: stage 4, CDN + queue, at about 164k") for n in notes)
    assert any("widely quoted ladder" in n for n in notes)
    assert any(n.startswith("Prices: AWS us-east-1 on-demand list prices") for n in notes)
    for note in notes:
        assert note.endswith(".") and "<" not in note


def test_single_server_notes_say_why_one_box_is_enough() -> None:
    """At 1k users the notes say why one box is still enough, with numbers."""
    view = SPEC.run({**SPEC.defaults(), "dau": 1_000})
    assert view.outputs[0].value == "single-server"
    assert view.summary.startswith("At 1k daily active users one server is still enough")
    assert view.notes[0] == "Stage 1, Single server: one box still carries the load."
    assert view.notes[1].startswith("Next: stage 2, Load balancer + app servers, at about 3.3k")
    assert "peak 1.7 req/s is within one box's 50 req/s" in view.notes[1]
    assert "would fail about 7.6k requests a month, within the budget of 25k" in view.notes[1]


@pytest.mark.parametrize("params", [SPEC.defaults(), *EXTREMES])
def test_figures_are_accessible_small_id_free_svg_in_palette_colours(
    params: dict[str, Any],
) -> None:
    """role=img named by its title, no ids, under 30 KB, Okabe-Ito colours, text styled by class."""
    for figure in SPEC.run(params).figures:
        svg = figure.svg
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert 'role="img"' in svg and "<title>" in svg
        assert not re.search(r"\sid=", svg)
        assert len(svg.encode()) < 30_000
        assert figure.alt and figure.title
        colours = set(re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{3,6})"', svg))
        assert colours <= {*PALETTE, "#fff"}, colours
        for text in re.findall(r"<text[^>]*>", svg):
            assert "fill=" not in text


def test_ladder_figure_shows_bands_reference_series_and_you() -> None:
    """The ladder chart has shaded stage bands, two series with a legend and your marker."""
    figure = SPEC.run(SPEC.defaults()).figures[0]
    assert figure.key == "ladder"
    for drawing in drawings(figure.svg):  # one per layout: wide, narrow
        assert drawing.count('class="w-band"') == 3  # six stages, every other one shaded
        assert drawing.count('class="w-series"') == 2
        assert "Widely quoted ladder" in drawing
        assert "$2,228 at 100k" in drawing
    assert "stage 2 (Load balancer + app servers) from 3.3k" in figure.alt


def test_bill_figure_lists_every_line_item() -> None:
    """The bill figure has one bar per line item with money formatted for people."""
    figure = SPEC.run(SPEC.defaults()).figures[1]
    assert figure.key == "bill"
    for drawing in drawings(figure.svg):
        for label in ("Compute", "Database", "Cache", "Load balancer", "CDN", "Data transfer"):
            assert f">{label}</text>" in drawing
    assert "Queue $0" in figure.alt and "Overhead $" in figure.alt


hostile_values = st.one_of(
    st.just(float("nan")),
    st.just(float("inf")),
    st.just(-float("inf")),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=20),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(10**400),
)
names = st.sampled_from([p.name for p in SPEC.params] + ["shards", "", "DAU", "__class__"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(names, hostile_values, max_size=5))
def test_hostile_params_raise_param_error_and_nothing_else(raw: dict[str, Any]) -> None:
    """NaN, huge, negative, wrong types and unknown names: ParamError, or a valid view."""
    try:
        view = SPEC.run(raw)
    except ParamError as error:
        assert error.name in {str(name) for name in raw}
        return
    assert view.outputs[0].value in STAGE_IDS


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ({"dau": float("nan")}, "dau"),
        ({"dau": 99}, "dau"),
        ({"dau": 1_000_000_001}, "dau"),
        ({"dau": 1000.5}, "dau"),
        ({"requests_per_user": "lots"}, "requests_per_user"),
        ({"peak_factor": 0.5}, "peak_factor"),
        ({"read_ratio": -0.1}, "read_ratio"),
        ({"static_mb_per_user": True}, "static_mb_per_user"),
        ({"regions": 3}, "regions"),
    ],
)
def test_each_bad_value_names_its_parameter(raw: dict[str, Any], name: str) -> None:
    """The error says which input is wrong, so the page can point at it."""
    with pytest.raises(ParamError) as caught:
        SPEC.run(raw)
    assert caught.value.name == name
