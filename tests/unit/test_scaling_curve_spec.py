"""The scaling-curve widget's declaration and view: names, Amdahl in words, the price bars."""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest

from live_widgets.core import NumberParam, View
from widgets import get_spec
from widgets.scaling_curve.spec import SPEC

PARAMS = ["nodes", "contention", "coherency"]
OUTPUTS = ["relative_throughput", "efficiency", "peak_nodes", "peak_throughput"]
EDGES = {"nodes": (1, 1024), "contention": (0, 0.5), "coherency": (0, 0.01)}


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
            assert math.isfinite(output.value) and output.value > 0
    json.dumps(view.to_json(), allow_nan=False)


def test_declares_the_contract_names_ranges_and_defaults() -> None:
    """Names, ranges and defaults as in the contract."""
    assert SPEC.name == "scaling-curve"
    assert get_spec("scaling-curve") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == OUTPUTS
    ranges = {p.name: (p.minimum, p.maximum) for p in SPEC.params if isinstance(p, NumberParam)}
    assert ranges == EDGES
    assert SPEC.defaults() == {"nodes": 16, "contention": 0.05, "coherency": 0.0005}
    nodes = SPEC.param("nodes")
    assert isinstance(nodes, NumberParam) and nodes.integer


def test_defaults_give_the_contract_values() -> None:
    """X(16) = 16 / 1.87, efficiency X/16, peak at 44 nodes with X(44)."""
    view = SPEC.run({})
    assert_clean(view)
    x16 = 16 / (1 + 0.05 * 15 + 0.0005 * 16 * 15)
    assert view.output("relative_throughput").value == pytest.approx(x16)
    assert view.output("efficiency").value == pytest.approx(x16 / 16)
    assert view.output("peak_nodes").value == 44
    assert view.output("peak_throughput").value == pytest.approx(
        44 / (1 + 0.05 * 43 + 0.0005 * 44 * 43)
    )


def test_kappa_zero_says_amdahl_and_has_no_peak() -> None:
    """kappa = 0: peak outputs are 'none', and the words name Amdahl's law and 1 / sigma."""
    view = SPEC.run({"coherency": 0})
    assert_clean(view)
    assert view.output("peak_nodes").value == "none"
    assert view.output("peak_throughput").value == "none"
    assert "Amdahl" in view.output("peak_nodes").text
    assert "Amdahl" in view.summary and "20\u00d7" in view.summary
    linear = SPEC.run({"coherency": 0, "contention": 0})
    assert linear.output("relative_throughput").value == 16
    assert "linear" in linear.summary


@pytest.mark.parametrize(
    "values",
    [dict(zip(PARAMS, combo, strict=True)) for combo in itertools.product(*EDGES.values())],
)
def test_every_corner_of_the_ranges_runs_clean(values: dict[str, float]) -> None:
    """Each combination of minima and maxima renders without NaN, infinity or errors."""
    assert_clean(SPEC.run(values))


def test_past_the_peak_the_summary_says_remove_nodes() -> None:
    """At 100 nodes (peak 44) the summary says fewer nodes would do more."""
    assert "removing nodes would raise throughput" in SPEC.run({"nodes": 100}).summary


def test_price_note_and_bars_compare_one_big_machine_with_n_small() -> None:
    """16 nodes: one m5.8xlarge and 16 m5.large at the same $1,121; 100 nodes: no m5 that big."""
    view = SPEC.run({})
    assert [f.key for f in view.figures] == ["usl-curve", "price"]
    note = view.notes[0]
    assert "16 m5.large machines cost $1,121 a month" in note
    assert "One m5.8xlarge" in note and "the same price" in note
    assert "1 \u00d7 m5.8xlarge" in view.figures[1].svg
    far = SPEC.run({"nodes": 100})
    assert "No single m5 machine is that big" in far.notes[0]
    assert "m5.24xlarge" not in far.figures[1].svg


def test_one_node_is_one_bar_not_a_machine_beside_itself() -> None:
    """At 1 node the big machine is the m5.large itself: one bar, and the text says so."""
    for nodes, bars in ((1, 1), (2, 2)):
        figure = SPEC.run({"nodes": nodes}).figures[1]
        drawings = re.findall(r"<svg\b.*?</svg>", figure.svg, re.S)
        assert drawings and all(d.count("<rect") == bars for d in drawings), nodes
    assert "the fleet is that one machine" in SPEC.run({"nodes": 1}).figures[1].alt


def test_curve_figure_marks_nodes_and_peak() -> None:
    """The curve shows USL, Amdahl and linear, marks the current point and the peak."""
    svg = SPEC.run({}).figures[0].svg
    drawings = re.findall(r"<svg\b.*?</svg>", svg, re.S)
    assert len(drawings) == 2
    for drawing in drawings:
        assert 'role="img"' in drawing
        assert not re.search(r"\sid=", drawing)
        assert drawing.count('class="w-series"') == 3
        assert "16 nodes: 8.56\u00d7" in drawing and "Peak: 10.7\u00d7" in drawing
    assert len(svg) < 30_000
