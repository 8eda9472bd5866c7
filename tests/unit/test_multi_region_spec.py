"""The multi-region widget's declaration, its one-region state, edges and chart."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import ChoiceParam, NumberParam
from widgets import get_spec
from widgets.multi_region.spec import SPEC

DECLARED = ["availability_pct", "sync_write_penalty_ms", "writes_lost_on_failover"]
PARAMS = ["regions", "region_availability_pct", "distance_km", "write_rps", "replication", "lag_ms"]
BAD_TEXT = re.compile(r"\b(nan|inf|infinity)\b|\d[eE][+-]?\d", re.I)


def numbers() -> list[NumberParam]:
    return [p for p in SPEC.params if isinstance(p, NumberParam)]


def edge_cases() -> list[dict[str, object]]:
    cases: list[dict[str, object]] = [{}]
    for p in numbers():
        cases += [{p.name: p.minimum}, {p.name: p.maximum}]
    for replication in ("sync", "async"):
        cases.append({"replication": replication, **{p.name: p.minimum for p in numbers()}})
        cases.append({"replication": replication, **{p.name: p.maximum for p in numbers()}})
    return cases


def test_declares_the_contract_names() -> None:
    """Widget, parameter and output names are the contract's; replication is sync or async."""
    assert SPEC.name == "multi-region"
    assert get_spec("multi-region") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == DECLARED
    regions = SPEC.param("regions")
    assert isinstance(regions, NumberParam)
    assert (regions.minimum, regions.maximum, regions.integer) == (1, 5, True)
    replication = SPEC.param("replication")
    assert isinstance(replication, ChoiceParam)
    assert set(replication.values) == {"sync", "async"}
    assert SPEC.defaults()["regions"] == 2
    assert SPEC.defaults()["distance_km"] == 5585
    json.dumps(SPEC.to_json())


def test_defaults() -> None:
    """Two regions at 99.9%: 99.9999% at best; 55.85 ms for sync; 200 writes lost async."""
    view = SPEC.run({})
    assert [o.name for o in view.outputs] == DECLARED
    assert view.output("availability_pct").value == pytest.approx(99.9999)
    assert view.output("availability_pct").text == "99.9999% at best (independent failures)"
    assert view.output("sync_write_penalty_ms").value == pytest.approx(55.85)
    assert view.output("writes_lost_on_failover").value == pytest.approx(200)
    assert "optimistic bound" in " ".join(view.notes)
    assert "independently" in view.summary
    json.dumps(view.to_json(), allow_nan=False)


def test_one_region_says_n_a_in_words() -> None:
    """One region: availability is the region's; the penalty and the loss are 'n/a' for the
    machine and said in words, and the view still lists every output in order."""
    view = SPEC.run({"regions": 1})
    assert [o.name for o in view.outputs] == DECLARED
    assert view.output("availability_pct").value == pytest.approx(99.9)
    assert view.output("availability_pct").text == "99.9%"
    assert view.output("sync_write_penalty_ms").value == "n/a"
    assert "no second region" in view.output("sync_write_penalty_ms").text
    assert view.output("writes_lost_on_failover").value == "n/a"
    assert "no failover" in view.output("writes_lost_on_failover").text
    assert "nowhere to fail over to" in view.summary


def test_sync_loses_nothing_and_pays_the_round_trip() -> None:
    """Synchronous replication: 0 writes lost, the round trip added to every write."""
    view = SPEC.run({"replication": "sync", "distance_km": 500})
    assert view.output("writes_lost_on_failover").value == 0.0
    assert view.output("sync_write_penalty_ms").value == pytest.approx(5.0)
    assert view.output("sync_write_penalty_ms").text == "+5 ms on every write"


def test_impossible_lag_is_said() -> None:
    """A lag shorter than light's one-way trip is called out in the output and the notes."""
    view = SPEC.run({"lag_ms": 20})
    assert "27.9 ms" in view.output("writes_lost_on_failover").text
    assert "not possible" in " ".join(view.notes)


@pytest.mark.parametrize("params", edge_cases())
def test_edges_run_cleanly(params: dict[str, object]) -> None:
    """At every parameter's extremes: declared outputs in order, numbers finite or 'n/a',
    and no NaN, infinity or exponent in any text."""
    view = SPEC.run(params)
    assert [o.name for o in view.outputs] == DECLARED
    for output in view.outputs:
        assert output.value == "n/a" or (
            isinstance(output.value, (int, float)) and math.isfinite(output.value)
        )
    text = " ".join(
        [o.text for o in view.outputs] + [view.summary, *view.notes, view.figures[0].alt]
    )
    assert not BAD_TEXT.search(text), text
    json.dumps(view.to_json(), allow_nan=False)


def test_chart_marks_the_current_region_count() -> None:
    """Availability (in nines) against regions: one curve, the current point marked, drawn
    wide and narrow, with every region count's availability in the text alternative."""
    view = SPEC.run({"regions": 3})
    figure = view.figures[0]
    drawings = re.findall(r"<svg\b.*?</svg>", figure.svg, re.S)
    assert len(drawings) == 2
    for drawing in drawings:
        assert 'role="img"' in drawing
        assert len(re.findall(r'<path class="w-series"', drawing)) == 1
        assert drawing.count('class="w-marker"') == 1
        assert ">9 nines</text>" in drawing  # the marker: 1 - (1 - 0.999)^3
    assert "1: 99.9%; 2: 99.9999%; 3: 99.9999999%" in figure.alt


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "regions": st.integers(1, 5),
            "region_availability_pct": st.floats(90.0, 99.999),
            "distance_km": st.floats(10, 20_000),
            "write_rps": st.floats(1, 1e6),
            "replication": st.sampled_from(["sync", "async"]),
            "lag_ms": st.floats(1, 60_000),
        }
    )
)
def test_any_valid_input_reads_cleanly(params: dict[str, object]) -> None:
    """Anywhere in range the texts carry no NaN, infinity or exponent."""
    view = SPEC.run(params)
    text = " ".join([o.text for o in view.outputs] + [view.summary, *view.notes])
    assert not BAD_TEXT.search(text), text


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0.001, max_value=1e12, allow_nan=False))
def test_no_exponents_in_times_and_writes(value: float) -> None:
    """Milliseconds and write counts of any size read without exponent notation."""
    from widgets.multi_region.view import ms_text, writes_text

    for text in (ms_text(value), writes_text(value)):
        assert not BAD_TEXT.search(text), text
