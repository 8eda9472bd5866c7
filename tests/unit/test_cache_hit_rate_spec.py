"""The cache-hit-rate widget's declaration, view and hostile-input handling."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import ChoiceParam, NumberParam, ParamError
from live_widgets.core.chart import PALETTE
from live_widgets.core.runtime import make_handler
from widgets.cache_hit_rate.model import MAX_LOAD_REDUCTION, hit_rate, make_workload
from widgets.cache_hit_rate.spec import SPEC

handle = make_handler("widgets")

DECLARED = ["hit_rate", "db_reads_per_s", "load_reduction", "mean_latency_ms"]
PARAMS = [
    "keys",
    "cache_size",
    "skew",
    "policy",
    "ttl_s",
    "read_rps",
    "hit_ms",
    "miss_ms",
]


def test_declares_exactly_the_agreed_inputs_and_outputs() -> None:
    """Parameter and output names (and output order) are the ones the chapter relies on."""
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == DECLARED
    assert SPEC.name == "cache-hit-rate"
    numbers = {p.name: p for p in SPEC.params if isinstance(p, NumberParam)}
    assert [n for n, p in numbers.items() if p.scale == "log"] == ["keys", "cache_size", "read_rps"]
    assert numbers["keys"].integer and numbers["cache_size"].integer
    assert numbers["skew"].step == 0.05
    policy = SPEC.param("policy")
    assert isinstance(policy, ChoiceParam)
    assert policy.values == ("lru", "fifo", "lfu")
    assert SPEC.defaults() == {
        "keys": 100_000,
        "cache_size": 1_000,
        "skew": 1.0,
        "policy": "lru",
        "ttl_s": 0.0,
        "read_rps": 1_000.0,
        "hit_ms": 1.0,
        "miss_ms": 10.0,
    }
    json.dumps(SPEC.to_json())


def test_defaults_run_and_outputs_match() -> None:
    """SPEC.run at defaults gives the declared outputs, consistent with the model."""
    view = SPEC.run(SPEC.defaults())
    assert [o.name for o in view.outputs] == DECLARED
    h = view.output("hit_rate").value
    assert isinstance(h, float)
    assert h == pytest.approx(hit_rate(make_workload(100_000, 1.0, 1_000.0, 0.0), "lru", 1_000))
    assert view.output("db_reads_per_s").value == pytest.approx(1_000 * (1 - h))
    assert view.output("load_reduction").value == pytest.approx(1 / (1 - h))
    assert view.output("mean_latency_ms").value == pytest.approx(1 + (1 - h) * 10)
    assert view.output("hit_rate").text == "50.6%"
    assert "50.6%" in view.summary
    json.dumps(view.to_json(), allow_nan=False)


def test_cache_larger_than_keys_is_rejected_on_cache_size() -> None:
    """cache_size > keys raises ParamError naming cache_size."""
    with pytest.raises(ParamError) as caught:
        SPEC.run({"keys": 100, "cache_size": 101})
    assert caught.value.name == "cache_size"
    SPEC.run({"keys": 100, "cache_size": 100})


def test_full_cache_says_no_misses() -> None:
    """h = 1 (C = N, no TTL): load reduction is capped and the text says there are no misses."""
    view = SPEC.run({"keys": 10, "cache_size": 10})
    assert view.output("hit_rate").value == 1.0
    assert view.output("load_reduction").value == MAX_LOAD_REDUCTION
    assert "no misses" in view.output("load_reduction").text
    assert view.output("db_reads_per_s").value == 0.0
    json.dumps(view.to_json(), allow_nan=False)


def test_near_perfect_hit_rate_is_not_rounded_to_100() -> None:
    """A hit rate just below 1 is shown with enough digits, never as 100%."""
    view = SPEC.run({"keys": 10_000_000, "cache_size": 1_000_000, "skew": 2.0})
    h = view.output("hit_rate").value
    assert isinstance(h, float)
    assert 0.999 < h < 1.0
    assert view.output("hit_rate").text != "100%"
    assert not view.output("hit_rate").text.startswith("100.0")


def drawings(svg: str) -> list[str]:
    """A figure's drawings, one per chart layout: wide, then narrow."""
    found = re.findall(r"<svg\b.*?</svg>", svg, re.S)
    assert "".join(found) == svg
    layouts = [re.findall(r"\bw-(wide|narrow)\b", d.split(">", 1)[0]) for d in found]
    assert layouts == [["wide"], ["narrow"]]
    return found


def figure_svg(params: dict[str, object]) -> str:
    view = SPEC.run(params)
    assert len(view.figures) == 1
    return view.figures[0].svg


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"keys": 10, "cache_size": 1, "skew": 0.0},
        {"keys": 10_000_000, "cache_size": 10_000_000, "skew": 2.0, "policy": "fifo"},
        {"keys": 10_000_000, "cache_size": 100, "ttl_s": 86_400, "read_rps": 10_000_000},
        {"keys": 1_000_000, "cache_size": 50_000, "ttl_s": 1, "read_rps": 1, "policy": "lfu"},
    ],
)
def test_figure_is_accessible_and_small(params: dict[str, object]) -> None:
    """The chart, wide and narrow: role=img named by its title, no ids, three styled series,
    under 30 KB for both."""
    svg = figure_svg(params)
    assert len(svg) < 30_000
    for drawing in drawings(svg):  # one per layout: wide, narrow
        assert 'role="img"' in drawing
        assert "<title>" in drawing
        assert not re.search(r"\sid=", drawing)
        paths = re.findall(r'<path class="w-series"[^>]*>', drawing)
        assert len(paths) == 3
        colours = {m.group(1) for p in paths if (m := re.search(r'stroke="(#[0-9A-Fa-f]{6})"', p))}
        assert colours <= set(PALETTE)
        assert len(colours) == 3
        dashes = [re.search(r'stroke-dasharray="([^"]*)"', p) for p in paths]
        assert len({d.group(1) if d else "" for d in dashes}) == 3
        assert 'fill="#000' not in drawing


def test_alt_text_states_all_three_hit_rates() -> None:
    """The text alternative names the three policies' hit rates at the chosen size."""
    view = SPEC.run({})
    alt = view.figures[0].alt
    for name, value in (("LRU", "50.6%"), ("FIFO", "46.5%"), ("LFU", "61.9%")):
        assert name in alt
        assert value in alt
    assert "1,000" in alt


def test_ttl_notes_explain_an_unfillable_cache() -> None:
    """With a TTL too short to fill the cache, a note says so and compares with no TTL."""
    view = SPEC.run({"ttl_s": 0.5, "cache_size": 10_000})
    text = " ".join(view.notes)
    assert "never fills" in text
    assert "Without the 0.5 s TTL" in text


def test_runtime_round_trip() -> None:
    """The browser entry point returns JSON views and parameter errors, never a crash."""
    widget = "cache-hit-rate"
    reply = json.loads(handle(json.dumps({"kind": "run", "widget": widget, "params": {}})))
    assert reply["ok"] is True
    bad = {"kind": "run", "widget": widget, "params": {"skew": "steep"}}
    reply = json.loads(handle(json.dumps(bad)))
    assert reply == {"ok": False, "error": reply["error"], "param": "skew"}
    bad = {"kind": "action", "widget": widget, "action": "simulate", "params": {"keys": -1}}
    assert json.loads(handle(json.dumps(bad)))["param"] == "keys"


hostile_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.text(max_size=12),
    st.sampled_from(["nan", "inf", "-1", "1e400", "lru", "LFU", " fifo ", "10,000", "1_000"]),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
hostile_names = st.one_of(st.sampled_from(PARAMS), st.text(max_size=10))


@settings(deadline=None, max_examples=300)
@given(st.dictionaries(hostile_names, hostile_values, max_size=5))
def test_hostile_params_raise_param_error_only(params: dict[str, object]) -> None:
    """Any junk input either runs cleanly (finite, JSON-safe outputs) or raises ParamError."""
    try:
        view = SPEC.run(params)
    except ParamError:
        return
    for output in view.outputs:
        assert isinstance(output.value, (int, float))
        assert math.isfinite(output.value)
    json.dumps(view.to_json(), allow_nan=False)


@settings(deadline=None, max_examples=150)
@given(
    st.integers(min_value=10, max_value=10_000_000),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=2.0),
    st.sampled_from(["lru", "fifo", "lfu"]),
    st.one_of(st.just(0.0), st.floats(min_value=0.0, max_value=86_400.0)),
    st.floats(min_value=1.0, max_value=10_000_000.0),
)
def test_any_valid_input_gives_a_sane_view(
    keys: int, fraction: float, skew: float, policy: str, ttl: float, rps: float
) -> None:
    """Across the whole input range: outputs in range, consistent, and the figure renders."""
    size = max(1, min(keys, round(keys**fraction)))
    params = {
        "keys": keys,
        "cache_size": size,
        "skew": skew,
        "policy": policy,
        "ttl_s": ttl,
        "read_rps": rps,
    }
    view = SPEC.run(params)
    h = view.output("hit_rate").value
    assert isinstance(h, float)
    assert 0.0 <= h <= 1.0
    assert view.output("db_reads_per_s").value == pytest.approx(rps * (1 - h))
    assert 1.0 <= float(view.output("load_reduction").value) <= MAX_LOAD_REDUCTION
    assert view.summary
    json.dumps(view.to_json(), allow_nan=False)
