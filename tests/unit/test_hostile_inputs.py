"""Hostile parameters: every widget answers a result or a ParamError, never a crash.

Whatever reaches a model (a chapter block, a URL, a message from the browser) is
fed here as random and hostile mappings: huge and negative numbers, NaN and
infinities, wrong types, unknown names and HTML. `spec.run` must return a View or
raise ParamError with a message for people; `live_widgets.core.runtime.handle` must answer
JSON, `{"ok": false, "error": ...}` for anything it rejects.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from live_widgets.core import ChoiceParam, NumberParam, ParamError, View, WidgetSpec
from live_widgets.core.runtime import make_handler
from widgets import all_specs

handle = make_handler("widgets")

SPECS = {spec.name: spec for spec in all_specs()}
NAMES = sorted(SPECS)
HOSTILE_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MARKUP = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "javascript:alert(1)",
        "</dd><svg onload=alert(1)>",
        "&lt;b&gt;",
        "",
        " ",
        "NaN",
        "-inf",
        "1e999",
        "0x10",
        "1_000",
        "١٢",
    ]
)
# Numbers a person, a URL or a broken client could send.
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, -0.0, 2**63, -(2**63), 10**308, 1e-320, 5e-324]),
)
SCALARS = st.one_of(
    NUMBERS,
    st.booleans(),
    st.none(),
    st.text(max_size=60),
    st.binary(max_size=20),
    MARKUP,
)
HOSTILE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def valid_values(spec: WidgetSpec, name: str) -> st.SearchStrategy[object]:
    """In-range values (as numbers and as strings), edges first: the model's own limits."""
    param = spec.param(name)
    if isinstance(param, ChoiceParam):
        return st.one_of(
            st.sampled_from(param.values), st.sampled_from([v.upper() for v in param.values])
        )
    assert isinstance(param, NumberParam)
    # Edges, and the other parameters' defaults: cross-parameter rules break where
    # two values meet (a cache as large as the key space, as many shards before as after).
    others = [
        p.default
        for p in spec.params
        if isinstance(p, NumberParam)
        and param.minimum <= p.default <= param.maximum
        and (not param.integer or float(p.default).is_integer())
    ]
    edges = st.sampled_from([param.minimum, param.maximum, param.default, *others])
    if param.integer:
        inside: st.SearchStrategy[object] = st.integers(
            math.ceil(param.minimum), math.floor(param.maximum)
        )
    else:
        inside = st.floats(param.minimum, param.maximum, allow_nan=False)
    return st.one_of(edges, inside, inside.map(str), edges.map(lambda v: f" {v:,} "))


def param_mappings(spec: WidgetSpec) -> st.SearchStrategy[dict[Any, object]]:
    """Mappings mixing declared names with valid or hostile values, and unknown names."""
    declared = [p.name for p in spec.params]
    known_entry = st.sampled_from(declared).flatmap(
        lambda name: st.tuples(st.just(name), st.one_of(valid_values(spec, name), HOSTILE))
    )
    unknown_entry = st.tuples(
        st.one_of(st.text(max_size=30), MARKUP, st.sampled_from([n.upper() for n in declared])),
        HOSTILE,
    )
    entries = st.lists(st.one_of(known_entry, known_entry, unknown_entry), max_size=6)
    return entries.map(dict)


def all_valid_mappings(spec: WidgetSpec) -> st.SearchStrategy[dict[str, object]]:
    """Every parameter set to an in-range value at once (extremes included)."""
    return st.fixed_dictionaries({p.name: valid_values(spec, p.name) for p in spec.params})


def related_pairs(spec: WidgetSpec) -> list[tuple[NumberParam, NumberParam]]:
    """Pairs of number parameters that the cross-parameter rule ties together: on a
    grid of their edges, whether a pair is accepted depends on both values."""

    def accepts(raw: dict[str, object]) -> bool:
        try:
            spec.validate(raw)
        except ParamError:
            return False
        return True

    numbers = [p for p in spec.params if isinstance(p, NumberParam)]
    pairs = []
    for a, b in itertools.combinations(numbers, 2):
        lo, hi = max(a.minimum, b.minimum), min(a.maximum, b.maximum)
        shared = [v for v in (lo, hi) if lo <= hi]
        grid_a = sorted({a.minimum, a.maximum, a.default, *shared})
        grid_b = sorted({b.minimum, b.maximum, b.default, *shared})
        table = {(va, vb): accepts({a.name: va, b.name: vb}) for va in grid_a for vb in grid_b}
        b_matters = any(len({table[va, vb] for vb in grid_b}) > 1 for va in grid_a)
        a_matters = any(len({table[va, vb] for va in grid_a}) > 1 for vb in grid_b)
        if a_matters and b_matters:
            pairs.append((a, b))
    return pairs


def rule_boundaries(spec: WidgetSpec) -> list[dict[str, object]]:
    """Mappings on the edge of the cross-parameter rule: both values equal, or one apart."""
    cases: list[dict[str, object]] = []
    for a, b in related_pairs(spec):
        lo, hi = max(a.minimum, b.minimum), min(a.maximum, b.maximum)
        step = 1 if a.integer and b.integer else (hi - lo) / 1000
        for value in sorted({lo, hi, a.default, b.default}):
            if not lo <= value <= hi:
                continue
            for da, db in ((0, 0), (step, 0), (0, step), (-step, 0), (0, -step)):
                cases.append({a.name: value + da, b.name: value + db})
    return cases


def assert_human_message(error: ParamError) -> None:
    message = str(error)
    assert isinstance(error.name, str)
    assert error.message.strip(), "a ParamError without a message"
    assert len(message) < 600, f"message too long for a person: {message[:200]}..."
    assert "Traceback" not in message


def assert_sound_view(spec: WidgetSpec, view: View) -> None:
    data = view.to_json()
    text = json.dumps(data)  # the worker sends exactly this
    assert "<script" not in text.lower()
    shown = [o["name"] for o in data["outputs"]]  # type: ignore[index,union-attr]
    assert shown[: len(spec.outputs)] == [o.name for o in spec.outputs]


def run_or_reject(spec: WidgetSpec, raw: dict[Any, object]) -> None:
    try:
        view = spec.run(raw)
    except ParamError as error:
        assert_human_message(error)
        return
    assert_sound_view(spec, view)


def jsonable(value: object) -> object:
    """What a JSON message can carry: bytes arrive as text, dict keys as strings."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def assert_handle_answers(spec: WidgetSpec, request: dict[str, object]) -> None:
    reply = json.loads(handle(json.dumps(request)))
    assert isinstance(reply, dict) and isinstance(reply.get("ok"), bool), reply
    if reply["ok"]:
        outputs = [o["name"] for o in reply["view"]["outputs"]]
        if request.get("kind") != "action":  # an action's view has outputs of its own
            assert outputs[: len(spec.outputs)] == [o.name for o in spec.outputs]
        assert "<script" not in json.dumps(reply).lower()
    else:
        assert isinstance(reply["error"], str) and reply["error"].strip(), reply
        assert len(reply["error"]) < 600
        assert "param" in reply


@pytest.mark.parametrize("name", NAMES)
def test_run_answers_or_rejects_hostile_mappings(name: str) -> None:
    """spec.run never raises anything but ParamError, whatever mapping it is given."""
    spec = SPECS[name]

    @HOSTILE_SETTINGS
    @given(raw=param_mappings(spec))
    def check(raw: dict[Any, object]) -> None:
        run_or_reject(spec, raw)

    check()


@pytest.mark.parametrize("name", NAMES)
def test_run_handles_every_in_range_combination(name: str) -> None:
    """Any combination of in-range values (edges included) gives a View or a ParamError
    from the widget's cross-parameter rule: no arithmetic error at the limits."""
    spec = SPECS[name]

    @HOSTILE_SETTINGS
    @given(raw=all_valid_mappings(spec))
    def check(raw: dict[str, object]) -> None:
        run_or_reject(spec, raw)

    check()


@pytest.mark.parametrize("name", [name for name in NAMES if SPECS[name].rules])
def test_run_and_actions_answer_on_the_edge_of_cross_parameter_rules(name: str) -> None:
    """Where two parameters that a widget's cross-parameter rule ties meet (equal, or
    one step apart), run and every action answer a View or a ParamError."""
    spec = SPECS[name]
    cases = rule_boundaries(spec)
    assert cases, f"{name} declares rules, but no pair of its parameters is found tied by them"
    for raw in cases:
        run_or_reject(spec, raw)
        if raw[next(iter(raw))] == raw[list(raw)[1]]:  # actions are slow: equal values only
            for action in spec.actions:
                request = {"kind": "action", "widget": spec.name, "action": action.key}
                assert_handle_answers(spec, {**request, "params": raw})


@pytest.mark.parametrize("name", NAMES)
def test_run_rejects_non_string_keys(name: str) -> None:
    """A mapping with non-string keys (None, numbers, tuples) is refused with a message."""
    spec = SPECS[name]
    for key in (None, 1, 2.5, ("a",), b"keys", True):
        with pytest.raises(ParamError) as caught:
            spec.run({key: 1})
        assert_human_message(caught.value)


@pytest.mark.parametrize("name", NAMES)
def test_handle_answers_json_for_hostile_params(name: str) -> None:
    """live_widgets.core.runtime.handle answers {"ok": ...} JSON for any params it is sent."""
    spec = SPECS[name]
    params = st.one_of(param_mappings(spec).map(jsonable), HOSTILE.map(jsonable))

    @HOSTILE_SETTINGS
    @given(params=params, kind=st.sampled_from(["run", "run", "action", None, "<b>x</b>"]))
    def check(params: object, kind: str | None) -> None:
        request: dict[str, object] = {"kind": kind, "widget": spec.name, "params": params}
        if kind == "action":
            request["action"] = spec.actions[0].key if spec.actions else "no-such-action"
        assert_handle_answers(spec, request)

    check()


@pytest.mark.parametrize("name", NAMES)
def test_handle_answers_json_for_hostile_requests(name: str) -> None:
    """Unknown widgets and actions, and missing fields, are answered with ok: false."""
    spec = SPECS[name]
    for request in (
        {"kind": "run", "widget": "<script>alert(1)</script>", "params": {}},
        {"kind": "run", "widget": None, "params": {}},
        {"kind": "run", "widget": spec.name, "params": [1, 2]},
        {"kind": "run", "widget": spec.name, "params": "cache_size=5"},
        {"kind": "action", "widget": spec.name, "action": "<img>", "params": {}},
        {"kind": "action", "widget": spec.name, "params": {}},
        {"widget": spec.name},
        {"kind": "run", "params": {}},
    ):
        reply = json.loads(handle(json.dumps(request)))
        if "params" not in request and "widget" in request:
            assert reply["ok"] is True, reply  # no params means the defaults
            continue
        assert reply["ok"] is False, request
        assert isinstance(reply["error"], str) and reply["error"].strip()


@pytest.mark.parametrize("name", NAMES)
def test_every_action_answers_at_the_limits(name: str) -> None:
    """Each action button's Python answers a View or a ParamError at every extreme."""
    spec = SPECS[name]
    if not spec.actions:
        pytest.skip(f"{name} has no actions")

    for extreme in ("minimum", "maximum"):  # every number at one end of its range
        raw = {p.name: getattr(p, extreme) for p in spec.params if isinstance(p, NumberParam)}
        for action in spec.actions:
            request = {"kind": "action", "widget": spec.name, "action": action.key, "params": raw}
            assert_handle_answers(spec, request)

    # Actions are slow (simulations): few examples, and no shrinking of a failure.
    @settings(
        max_examples=8,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(raw=all_valid_mappings(spec), key=st.sampled_from([a.key for a in spec.actions]))
    def check(raw: dict[str, object], key: str) -> None:
        request = {"kind": "action", "widget": spec.name, "action": key, "params": raw}
        assert_handle_answers(spec, request)

    check()


def test_handle_names_the_request_for_deep_nesting_and_boolean_steps() -> None:
    """A request nested past Python's recursion limit, or a warm step of `true`, is the
    request's fault, answered as such (not as a model failure, not as step 1)."""
    deep = json.loads(handle("[" * 100_000 + "]" * 100_000))
    assert deep == {"ok": False, "error": "request: is nested too deeply", "param": "request"}
    step = json.loads(handle(json.dumps({"kind": "warm", "widget": "reshard", "step": True})))
    assert step["ok"] is False and step["param"] == "step"
