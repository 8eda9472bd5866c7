"""The reshard widget's declaration, view, pictures and hostile inputs."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import ParamError, Step
from widgets.reshard.spec import SPEC

DECLARED = (
    "moved_modulo",
    "moved_consistent",
    "moved_rendezvous",
    "moved_jump",
    "imbalance_modulo",
    "imbalance_consistent",
)


def test_declares_exactly_the_inputs_the_issue_asks_for() -> None:
    """keys, from_shards, to_shards and vnodes with their ranges, defaults and scales."""
    expected = {
        "keys": (10_000, 100, 1_000_000, "log"),
        "from_shards": (4, 1, 128, "linear"),
        "to_shards": (5, 1, 128, "linear"),
        "vnodes": (100, 1, 1_000, "log"),
    }
    assert [p.name for p in SPEC.params] == list(expected)
    for param in SPEC.params:
        default, low, high, scale = expected[param.name]
        assert (param.default, param.minimum, param.maximum, param.scale) == (
            default,
            low,
            high,
            scale,
        )
        assert param.integer


def test_outputs_start_with_the_declared_six_in_order() -> None:
    """The declaration and the view both begin with the six outputs the issue names."""
    assert tuple(o.name for o in SPEC.outputs[:6]) == DECLARED
    view = SPEC.run(SPEC.defaults())
    assert [o.name for o in view.outputs] == [o.name for o in SPEC.outputs]


def test_steps_add_and_remove_a_shard() -> None:
    """The steps copy to_shards into from_shards, then move to_shards by one."""
    assert SPEC.steps == (
        Step("add_shard", "Add a shard", (("from_shards", "to_shards"),), (("to_shards", 1),)),
        Step(
            "remove_shard", "Remove a shard", (("from_shards", "to_shards"),), (("to_shards", -1),)
        ),
    )


def test_model_modules_import_and_are_documented() -> None:
    """Every module readers see imports and has a docstring."""
    import importlib

    for name in SPEC.model_modules:
        module = importlib.import_module(name)
        assert module.__doc__ and len(module.__doc__) > 80, name


def test_defaults_run_and_values_are_machine_readable() -> None:
    """At the defaults, fractions are fractions, ratios are at least 1, texts are for people."""
    view = SPEC.run(SPEC.defaults())
    values = {o.name: o.value for o in view.outputs}
    for name in DECLARED[:4]:
        assert 0 <= values[name] <= 1
    assert 0.77 < values["moved_modulo"] < 0.83  # theory 80%
    assert 0.15 < values["moved_consistent"] < 0.25  # theory 20%
    assert values["imbalance_modulo"] >= 1 and values["imbalance_consistent"] >= 1
    assert values["theory_modulo"] == pytest.approx(0.8)
    assert values["theory_consistent"] == pytest.approx(0.2)
    assert values["measured_keys"] == 10_000 and isinstance(values["measured_keys"], int)
    texts = {o.name: o.text for o in view.outputs}
    assert texts["moved_modulo"].endswith("%")
    assert texts["imbalance_consistent"].endswith("\u00d7 mean")
    assert json.loads(json.dumps(view.to_json()))["summary"] == view.summary


def test_summary_and_notes_say_what_matters() -> None:
    """The summary states the moved fractions; the notes name MD5 and its byte order."""
    view = SPEC.run(SPEC.defaults())
    assert "From 4 to 5 shards" in view.summary and "%" in view.summary
    notes = " ".join(view.notes)
    assert "MD5" in notes and "big-endian" in notes
    assert "gcd" in notes
    assert "sample of" not in notes  # K = 10,000 is measured exactly


def test_large_k_shows_a_sampling_note() -> None:
    """K = 1,000,000 says the fractions are estimated from a sample, and how large."""
    view = SPEC.run({"keys": 1_000_000})
    notes = " ".join(view.notes)
    assert "sample of 20,000 of the 1,000,000 keys" in notes
    assert view.output("measured_keys").value == 20_000


@pytest.mark.parametrize(
    ("before", "after", "vnodes"),
    [(4, 5, 100), (12, 9, 20), (1, 128, 1000), (128, 1, 1000), (128, 128, 1000), (7, 7, 1)],
)
def test_ring_picture_is_countable_accessible_and_small(
    before: int, after: int, vnodes: int
) -> None:
    """The after ring has data-shards=M and M shard groups, the before ring N; removed
    shards are faint on the after ring, added ones on the before ring; moved keys are
    ringed on both rings and counted in the key; no ids, no animation, < 60 KB."""
    view = SPEC.run({"from_shards": before, "to_shards": after, "vnodes": vnodes, "keys": 3000})
    ring = next(f for f in view.figures if f.key == "ring")
    svg = ring.svg
    assert svg.startswith("<svg") and 'role="img"' in svg and "aria-label=" in svg
    assert re.search(r'\sid="', svg) is None
    assert f'data-shards="{after}"' in svg and f'data-shards-before="{before}"' in svg
    groups = re.findall(r'<g class="w-shard[^"]*" data-shard="(\d+)"', svg)
    assert groups == [str(s) for s in range(after)]
    before_groups = re.findall(r'<g class="w-shard[^"]*" data-before-shard="(\d+)"', svg)
    assert before_groups == [str(s) for s in range(before)]
    assert len(re.findall(r'data-removed-shard="', svg)) == max(before - after, 0)
    assert len(re.findall(r'data-added-shard="', svg)) == max(after - before, 0)
    moved_dots = len(re.findall(r'class="w-dot w-moved"', svg))
    assert moved_dots % 2 == 0  # each moved key is ringed on both rings
    if before == after:
        assert moved_dots == 0 and "no key moves" in svg
    else:
        assert f"On the ring {moved_dots // 2} of them change shard" in svg
    assert len(svg.encode()) < 60_000
    assert ring.alt and "#000000" not in svg and "<animate" not in svg


def drawings(svg: str) -> list[str]:
    """A figure's drawings, one per chart layout: wide, then narrow."""
    found = re.findall(r"<svg\b.*?</svg>", svg, re.S)
    assert "".join(found) == svg
    layouts = [re.findall(r"\bw-(wide|narrow)\b", d.split(">", 1)[0]) for d in found]
    assert layouts == [["wide"], ["narrow"]]
    return found


def test_load_bars_show_every_scheme_and_stay_small() -> None:
    """The bars figure has a row per scheme, both moments, mean lines, and < 30 KB."""
    for params in ({}, {"from_shards": 127, "to_shards": 128, "vnodes": 1000, "keys": 10**6}):
        view = SPEC.run(params)
        loads = next(f for f in view.figures if f.key == "loads")
        for drawing in drawings(loads.svg):  # one per layout: wide, narrow
            assert 'role="img"' in drawing and re.search(r'\sid="', drawing) is None
            for name in ("Modulo", "Ring", "Rendezvous", "Jump"):
                assert re.search(f">{name}(</text>|<tspan)", drawing)
            assert drawing.count('class="w-mean"') == 8
        assert len(loads.svg.encode()) < 30_000
        assert "Busiest shard after the change" in loads.alt


HOSTILE = st.one_of(
    st.just(float("nan")),
    st.just(float("inf")),
    st.just(-float("inf")),
    st.just(True),
    st.none(),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.just(10**400),
    st.just("1e999"),
    st.just(2.5),
)


@given(st.sampled_from([p.name for p in SPEC.params]), HOSTILE)
@settings(max_examples=150, deadline=None)
def test_hostile_values_raise_param_error_only(name: str, value: object) -> None:
    """Bad values (NaN, huge, negative, fractional, wrong types) raise ParamError, nothing else."""
    try:
        view = SPEC.run({name: value})
    except ParamError as error:
        assert error.name == name
        return
    # A value the declaration accepts must give a full view.
    assert [o.name for o in view.outputs[:6]] == list(DECLARED)


@given(st.text(min_size=1, max_size=20).filter(lambda s: s not in {p.name for p in SPEC.params}))
@settings(max_examples=30, deadline=None)
def test_unknown_parameter_names_raise_param_error(name: str) -> None:
    """Unknown parameter names are rejected with ParamError."""
    with pytest.raises(ParamError):
        SPEC.run({name: 1})


@given(
    st.integers(min_value=100, max_value=1_000_000),
    st.integers(min_value=1, max_value=128),
    st.integers(min_value=1, max_value=128),
    st.integers(min_value=1, max_value=1000),
)
@settings(max_examples=25, deadline=None)
def test_any_valid_input_gives_a_sane_view(keys: int, before: int, after: int, vnodes: int) -> None:
    """Every valid input runs and gives finite fractions in [0, 1] and ratios >= 1."""
    view = SPEC.run({"keys": keys, "from_shards": before, "to_shards": after, "vnodes": vnodes})
    values = {o.name: o.value for o in view.outputs}
    for name in DECLARED[:4]:
        assert 0 <= values[name] <= 1 and math.isfinite(values[name])
    for name in DECLARED[4:]:
        assert values[name] >= 1 - 1e-12
    if before == after:
        assert all(values[name] == 0 for name in DECLARED[:4])
    assert view.summary and len(view.figures) == 3
