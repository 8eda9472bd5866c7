"""The capacity widget's declaration and view: names, edges, words for overload, the chart."""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest

from live_widgets.core import NumberParam, View
from widgets import get_spec
from widgets.capacity.spec import SPEC

PARAMS = ["arrival_rps", "service_ms", "cores"]
OUTPUTS = ["utilisation", "max_rps", "wait_probability", "mean_response_ms"]


def texts(view: View) -> list[str]:
    """Every piece of text a reader sees."""
    found = [o.text for o in view.outputs] + [view.summary, *view.notes]
    for figure in view.figures:
        found += [figure.title, figure.alt]
    return found


def assert_clean(view: View) -> None:
    """No NaN or infinity in any text, number or JSON; outputs exactly as declared."""
    assert [o.name for o in view.outputs] == OUTPUTS
    for text in texts(view):
        assert "nan" not in text.lower() and "inf" not in text.lower(), text
    for output in view.outputs:
        if isinstance(output.value, float):
            assert math.isfinite(output.value) and output.value >= 0
    json.dumps(view.to_json(), allow_nan=False)


def test_declares_the_contract_names_ranges_and_defaults() -> None:
    """Parameter and output names, ranges and defaults are the contract's."""
    assert SPEC.name == "capacity"
    assert get_spec("capacity") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == OUTPUTS
    ranges = {p.name: (p.minimum, p.maximum) for p in SPEC.params if isinstance(p, NumberParam)}
    assert ranges == {"arrival_rps": (1, 100_000), "service_ms": (0.1, 10_000), "cores": (1, 256)}
    assert SPEC.defaults() == {"arrival_rps": 150, "service_ms": 20, "cores": 4}
    cores = SPEC.param("cores")
    assert isinstance(cores, NumberParam) and cores.integer
    json.dumps(SPEC.to_json())


def test_defaults_give_the_contract_values() -> None:
    """At defaults: rho = 0.75, 200 req/s, C = 27/53, response = 20 + 20 C ms."""
    view = SPEC.run({})
    assert_clean(view)
    c = 27 / 53
    assert view.output("utilisation").value == pytest.approx(0.75)
    assert view.output("max_rps").value == pytest.approx(200)
    assert view.output("wait_probability").value == pytest.approx(c)
    assert view.output("mean_response_ms").value == pytest.approx(20 + c * 20)
    assert view.output("mean_response_ms").text == "30.2 ms"
    assert view.output("wait_probability").text == "50.9%"
    assert "30.2 ms" in view.summary


@pytest.mark.parametrize(
    "values",
    [
        dict(zip(PARAMS, combo, strict=True))
        for combo in itertools.product((1, 100_000), (0.1, 10_000), (1, 256))
    ],
)
def test_every_corner_of_the_ranges_runs_clean(values: dict[str, float]) -> None:
    """Each combination of minima and maxima renders without NaN, infinity or errors."""
    assert_clean(SPEC.run(values))


@pytest.mark.parametrize("arrival", [200, 250, 100_000])
def test_overload_is_said_in_words(arrival: float) -> None:
    """At rho >= 1 the outputs that lose meaning become ids, and the text says why."""
    view = SPEC.run({"arrival_rps": arrival})
    assert_clean(view)
    assert view.output("utilisation").value == pytest.approx(arrival * 20 / 1000 / 4)
    assert view.output("max_rps").value == pytest.approx(200)
    assert view.output("wait_probability").value == "n/a"
    assert view.output("mean_response_ms").value == "unbounded"
    assert "without bound" in view.output("mean_response_ms").text
    assert "grows without bound" in view.summary
    assert "Overloaded" in view.figures[0].svg


def test_chart_marks_the_current_point_and_is_accessible() -> None:
    """One figure, drawn wide and narrow, labelled, no ids, with the current point marked."""
    view = SPEC.run({})
    assert len(view.figures) == 1
    svg = view.figures[0].svg
    drawings = re.findall(r"<svg\b.*?</svg>", svg, re.S)
    assert len(drawings) == 2
    for drawing in drawings:
        assert 'role="img"' in drawing and "<title>" in drawing
        assert not re.search(r"\sid=", drawing)
        assert "30.2 ms at 150 req/s" in drawing
        assert drawing.count('class="w-series"') == 2
    assert len(svg) < 30_000
    assert "150 req/s" in view.figures[0].alt
