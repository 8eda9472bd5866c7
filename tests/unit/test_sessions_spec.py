"""The sessions widget's declaration and view: names, defaults, edges, texts, chart."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import ChoiceParam, NumberParam, View
from widgets import get_spec
from widgets.sessions.spec import SPEC

OUTPUTS = ["users_logged_out_per_failure", "users_logged_out_per_deploy", "minutes_to_balance"]
PARAMS = ["servers", "active_users", "session_minutes", "added_servers", "store"]
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
    for output in view.outputs:
        assert isinstance(output.value, float | int)
        assert math.isfinite(output.value) and output.value >= 0
        assert not re.search(r"-\d", output.text)


def test_declares_the_contract_names() -> None:
    """Widget name, parameter names (URL keys) and output names in order, as the contract says."""
    assert SPEC.name == "sessions"
    assert get_spec("sessions") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == OUTPUTS
    store = SPEC.param("store")
    assert isinstance(store, ChoiceParam)
    assert store.values == ("in_memory_sticky", "shared_store")
    assert SPEC.defaults() == {
        "servers": 4,
        "active_users": 10_000,
        "session_minutes": 30,
        "added_servers": 4,
        "store": "in_memory_sticky",
    }
    numbers = {p.name: p for p in SPEC.params if isinstance(p, NumberParam)}
    assert all(numbers[n].integer for n in ("servers", "active_users", "added_servers"))
    assert numbers["active_users"].scale == "log" and numbers["session_minutes"].scale == "log"
    json.dumps(SPEC.to_json())


def test_defaults_match_the_contract_formulas() -> None:
    """At the defaults: U/N = 2,500 per crash, U = 10,000 per deploy, 30 ln(11 + 10) minutes."""
    view = SPEC.run({})
    assert_sound(view)
    assert view.output("users_logged_out_per_failure").value == 10_000 / 4
    assert view.output("users_logged_out_per_deploy").value == 10_000
    assert view.output("minutes_to_balance").value == pytest.approx(30 * math.log(11 + 10 * 4 / 4))
    assert view.output("minutes_to_balance").text == "91 min"
    assert view.output("users_logged_out_per_failure").text.startswith("2,500 users")
    assert "91 min" in view.summary


@pytest.mark.parametrize(
    ("servers", "users", "minutes", "added"),
    [(1, 10, 1, 1), (3, 10_000, 45, 2), (7, 1_000_000, 10, 30), (100, 10_000_000, 1_440, 100)],
)
def test_outputs_follow_the_formulas_at_several_points(
    servers: int, users: int, minutes: float, added: int
) -> None:
    """Each output against the contract's formula, written again here, sticky and shared."""
    params = {"servers": servers, "active_users": users, "session_minutes": minutes}
    params["added_servers"] = added
    sticky = SPEC.run(params)
    assert sticky.output("users_logged_out_per_failure").value == pytest.approx(users / servers)
    assert sticky.output("users_logged_out_per_deploy").value == users
    expected = minutes * math.log(1 + (1 + added / servers) / 0.1)
    assert sticky.output("minutes_to_balance").value == pytest.approx(expected)
    shared = SPEC.run({**params, "store": "shared_store"})
    assert [o.value for o in shared.outputs] == [0, 0, 0]
    assert "0 users" in shared.output("users_logged_out_per_failure").text
    assert_sound(sticky)
    assert_sound(shared)


@pytest.mark.parametrize("param", [p for p in SPEC.params if isinstance(p, NumberParam)])
@pytest.mark.parametrize("edge", ["minimum", "maximum"])
@pytest.mark.parametrize("store", ["in_memory_sticky", "shared_store"])
def test_every_edge_runs_cleanly(param: NumberParam, edge: str, store: str) -> None:
    """Each parameter at its minimum and maximum: a sound view with no nan/inf in any text."""
    assert_sound(SPEC.run({param.name: getattr(param, edge), "store": store}))


def test_all_maxima_and_all_minima_together() -> None:
    """Every number at its maximum at once, then at its minimum: still sound."""
    numbers = [p for p in SPEC.params if isinstance(p, NumberParam)]
    assert_sound(SPEC.run({p.name: p.maximum for p in numbers}))
    assert_sound(SPEC.run({p.name: p.minimum for p in numbers}))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 100),
    st.integers(10, 10_000_000),
    st.floats(1, 1_440),
    st.integers(1, 100),
    st.sampled_from(["in_memory_sticky", "shared_store"]),
)
def test_any_valid_setting_gives_a_sound_view(
    servers: int, users: int, minutes: float, added: int, store: str
) -> None:
    """Hypothesis over the whole valid range: every view is sound and sticky is never better."""
    params = {
        "servers": servers,
        "active_users": users,
        "session_minutes": minutes,
        "added_servers": added,
    }
    view = SPEC.run({**params, "store": store})
    assert_sound(view)
    sticky = SPEC.run(params)
    shared = SPEC.run({**params, "store": "shared_store"})
    for name in OUTPUTS:
        assert sticky.output(name).value >= shared.output(name).value


def test_chart_draws_both_layouts_with_the_balance_marked() -> None:
    """One figure, drawn wide and narrow, with the three lines, the marker and a text alternative."""
    view = SPEC.run({})
    (figure,) = view.figures
    assert figure.svg.count("<svg") == 2
    assert "w-wide" in figure.svg and "w-narrow" in figure.svg
    for name in ("Old server (sticky)", "New server (sticky)", "Any server (shared store)"):
        assert name in figure.svg
    assert "Balanced after 91 min" in figure.svg
    assert "91 min" in figure.alt
    shared = SPEC.run({"store": "shared_store"}).figures[0]
    assert "balanced at once" in shared.svg


def test_long_sessions_switch_the_chart_to_hours() -> None:
    """When balancing takes hours, the time axis is in hours and the text says days or hours."""
    view = SPEC.run({"session_minutes": 1_440, "servers": 1, "added_servers": 100})
    assert "Hours after adding servers" in view.figures[0].svg
    assert view.output("minutes_to_balance").text.endswith("days")
