"""The tier-split widget's declaration and view: names, defaults, edges, overload in words."""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest

from live_widgets.core import NumberParam, View
from widgets import get_spec
from widgets.tier_split.spec import SPEC

PARAMS = ["arrival_rps", "web_ms", "db_ms", "cores", "network_ms"]
OUTPUTS = [
    "one_box_max_rps",
    "split_max_rps",
    "one_box_response_ms",
    "split_response_ms",
    "bottleneck",
]
EDGES = {
    "arrival_rps": (1, 100_000),
    "web_ms": (0.1, 10_000),
    "db_ms": (0.1, 10_000),
    "cores": (1, 256),
    "network_ms": (0, 100),
}


def texts(view: View) -> list[str]:
    """Every piece of text a reader sees."""
    found = [o.text for o in view.outputs] + [view.summary, *view.notes]
    for figure in view.figures:
        found += [figure.title, figure.alt]
    return found


def assert_clean(view: View) -> None:
    """No NaN or infinity in any text or number; outputs exactly as declared."""
    assert [o.name for o in view.outputs] == OUTPUTS
    for text in texts(view):
        assert "nan" not in text.lower() and "inf" not in text.lower(), text
    for output in view.outputs:
        if isinstance(output.value, float):
            assert math.isfinite(output.value) and output.value >= 0
    assert view.output("bottleneck").value in ("web", "database")
    json.dumps(view.to_json(), allow_nan=False)


def test_declares_the_contract_names_ranges_and_defaults() -> None:
    """Names as in the contract; the chosen ranges and defaults (see the chapter)."""
    assert SPEC.name == "tier-split"
    assert get_spec("tier-split") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == OUTPUTS
    ranges = {p.name: (p.minimum, p.maximum) for p in SPEC.params if isinstance(p, NumberParam)}
    assert ranges == EDGES
    assert SPEC.defaults() == {
        "arrival_rps": 150,
        "web_ms": 12,
        "db_ms": 8,
        "cores": 4,
        "network_ms": 0.5,
    }


def test_defaults_match_the_capacity_widget_for_one_box() -> None:
    """12 + 8 ms on 4 cores at 150 req/s is the capacity widget's default box."""
    view = SPEC.run({})
    assert_clean(view)
    single = get_spec("capacity").run({})
    assert view.output("one_box_response_ms").value == single.output("mean_response_ms").value
    assert view.output("one_box_max_rps").value == pytest.approx(200)
    assert view.output("split_max_rps").value == pytest.approx(1000 * 4 / 12)
    assert view.output("bottleneck").value == "web"
    assert view.output("split_response_ms").text == "21.3 ms"


@pytest.mark.parametrize(
    "values",
    [dict(zip(PARAMS, combo, strict=True)) for combo in itertools.product(*EDGES.values())],
)
def test_every_corner_of_the_ranges_runs_clean(values: dict[str, float]) -> None:
    """Each combination of minima and maxima renders without NaN, infinity or errors."""
    assert_clean(SPEC.run(values))


def test_one_box_overloaded_while_the_split_keeps_up() -> None:
    """250 req/s: one box (200 max) says unbounded in words; the split answers."""
    view = SPEC.run({"arrival_rps": 250})
    assert_clean(view)
    assert view.output("one_box_response_ms").value == "unbounded"
    assert "without bound" in view.output("one_box_response_ms").text
    assert isinstance(view.output("split_response_ms").value, float)
    assert "cannot keep up" in view.summary


def test_both_overloaded() -> None:
    """400 req/s: both set-ups are overloaded and the summary names the bottleneck."""
    view = SPEC.run({"arrival_rps": 400})
    assert_clean(view)
    assert view.output("one_box_response_ms").value == "unbounded"
    assert view.output("split_response_ms").value == "unbounded"
    assert "web box" in view.summary


def test_database_bottleneck_and_tie() -> None:
    """db_ms > web_ms names the database; equal times name web and say both."""
    assert SPEC.run({"db_ms": 20}).output("bottleneck").value == "database"
    tie = SPEC.run({"web_ms": 10, "db_ms": 10}).output("bottleneck")
    assert tie.value == "web"
    assert "both" in tie.text


def test_chart_has_both_curves_and_marks_both_points() -> None:
    """Two curves, two markers, wide and narrow, accessible, no ids."""
    svg = SPEC.run({}).figures[0].svg
    drawings = re.findall(r"<svg\b.*?</svg>", svg, re.S)
    assert len(drawings) == 2
    for drawing in drawings:
        assert 'role="img"' in drawing
        assert not re.search(r"\sid=", drawing)
        assert drawing.count('class="w-series"') == 2
        assert drawing.count('class="w-marker"') == 2
        assert "One box 30.2 ms, split 21.3 ms" in drawing
    assert len(svg) < 30_000
