"""The load-balancing widget's declaration and view: names, edges, overload in words, bars."""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest

from live_widgets.core import ChoiceParam, NumberParam, View
from widgets import get_spec
from widgets.load_balancing.spec import SPEC

PARAMS = ["servers", "utilisation", "service_ms", "requests", "slow_server", "seed"]
POLICIES = ["round_robin", "random", "least_connections", "two_choices"]
OUTPUTS = [f"{kind}_ms_{policy}" for policy in POLICIES for kind in ("mean", "p99")]


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
        assert output.value == "unbounded" or (
            isinstance(output.value, float) and math.isfinite(output.value) and output.value > 0
        )
    json.dumps(view.to_json(), allow_nan=False)


def test_declares_the_contract_names_ranges_and_defaults() -> None:
    """Parameter names, the eight outputs in policy order, ranges and defaults."""
    assert SPEC.name == "load-balancing"
    assert get_spec("load-balancing") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == OUTPUTS
    ranges = {p.name: (p.minimum, p.maximum) for p in SPEC.params if isinstance(p, NumberParam)}
    assert ranges == {
        "servers": (2, 100),
        "utilisation": (0.05, 0.98),
        "service_ms": (1, 1000),
        "requests": (1_000, 100_000),
        "seed": (0, 999_999),
    }
    slow = SPEC.param("slow_server")
    assert isinstance(slow, ChoiceParam)
    assert slow.values == ("none", "one_at_half_speed")
    assert SPEC.defaults() == {
        "servers": 10,
        "utilisation": 0.8,
        "service_ms": 10,
        "requests": 5_000,
        "slow_server": "none",
        "seed": 1,
    }


def test_defaults_run_with_every_output_numeric() -> None:
    """At defaults every policy keeps up: eight finite numbers, p99 above the mean."""
    view = SPEC.run({})
    assert_clean(view)
    for policy in POLICIES:
        mean = view.output(f"mean_ms_{policy}").value
        p99 = view.output(f"p99_ms_{policy}").value
        assert isinstance(mean, float) and isinstance(p99, float)
        assert 10 * 0.5 < mean < p99
    assert "M/M/1" in " ".join(view.notes)


EDGES = {
    "servers": (2, 100),
    "utilisation": (0.05, 0.98),
    "service_ms": (1, 1000),
    "slow_server": ("none", "one_at_half_speed"),
    "seed": (0, 999_999),
}


@pytest.mark.parametrize(
    "values",
    [
        {**dict(zip(EDGES, combo, strict=True)), "requests": 1_000}
        for combo in itertools.product(*EDGES.values())
    ],
)
def test_every_corner_of_the_ranges_runs_clean(values: dict[str, object]) -> None:
    """Each combination of the edges (1,000 requests) renders cleanly."""
    assert_clean(SPEC.run(values))


def test_the_largest_run_is_clean() -> None:
    """Every parameter at its maximum: 100,000 requests on 100 servers at 98%, slow server."""
    view = SPEC.run(
        {
            "servers": 100,
            "utilisation": 0.98,
            "service_ms": 1000,
            "requests": 100_000,
            "slow_server": "one_at_half_speed",
            "seed": 999_999,
        }
    )
    assert_clean(view)
    assert view.output("mean_ms_random").value == "unbounded"
    # 98% of 100 nominal servers is below the 99.5 servers' worth the fleet really has
    assert isinstance(view.output("mean_ms_least_connections").value, float)
    small = SPEC.run({"servers": 10, "utilisation": 0.98, "slow_server": "one_at_half_speed"})
    assert small.output("mean_ms_least_connections").value == "unbounded"


def test_slow_server_overload_is_said_in_words() -> None:
    """One half-speed server at 80%: round robin and random grow without bound, in words;
    least connections and two choices keep numbers."""
    view = SPEC.run({"slow_server": "one_at_half_speed"})
    assert_clean(view)
    for policy in ("round_robin", "random"):
        for kind in ("mean", "p99"):
            output = view.output(f"{kind}_ms_{policy}")
            assert output.value == "unbounded"
            assert "grows without bound" in output.text
    for policy in ("least_connections", "two_choices"):
        assert isinstance(view.output(f"mean_ms_{policy}").value, float)
    assert "grows without bound" in view.summary
    assert "160.0% busy" in " ".join(view.notes)


def test_bars_show_mean_and_p99_per_policy() -> None:
    """One grouped bar chart, wide and narrow: eight bars, every policy named."""
    view = SPEC.run({})
    assert len(view.figures) == 1
    svg = view.figures[0].svg
    drawings = re.findall(r"<svg\b.*?</svg>", svg, re.S)
    assert len(drawings) == 2
    for drawing in drawings:
        assert 'role="img"' in drawing
        assert not re.search(r"\sid=", drawing)
        assert drawing.count("<rect") == 8
        for name in ("Round robin", "Random", "Least connections", "Two choices"):
            assert name in drawing
    mean = view.output("mean_ms_random").text
    assert mean in view.figures[0].alt
