"""Work in parts (core/parts.py): a widget's parts end in the view it draws in one go, and
the worker's replies pause only where a model has parts, then answer as `handle` does."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from live_widgets.core import (
    Action,
    OutputSpec,
    OutputValue,
    Params,
    Parts,
    View,
    WidgetSpec,
    finish,
)
from live_widgets.core.registry import Registry
from live_widgets.core.runtime import handle_with, replies_with
from tests.widget_declarations import alternates
from widgets import all_specs

REGISTRY = Registry("widgets", tuple(all_specs()))
IN_PARTS = [spec for spec in all_specs() if spec.view_in_parts is not None]


def _count_pauses(parts: Iterator[object]) -> tuple[int, list[object]]:
    items = list(parts)
    return sum(item is None for item in items), items


def test_finish_returns_what_the_parts_return() -> None:
    """finish runs every part and hands back the generator's return value."""
    ran: list[int] = []

    def counting() -> Parts[str]:
        for i in range(3):
            ran.append(i)
            yield
        return "done"

    assert finish(counting()) == "done"
    assert ran == [0, 1, 2]


def test_some_widget_is_computed_in_parts() -> None:
    """load-balancing, the slowest model at its defaults, stops for newer values."""
    assert "load-balancing" in [spec.name for spec in IN_PARTS]


@pytest.mark.parametrize("spec", IN_PARTS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("setting", ["defaults", "alternates"])
def test_parts_end_in_the_view_drawn_in_one_go(spec: WidgetSpec, setting: str) -> None:
    """A widget's `view_in_parts` pauses more than once and ends in exactly the view its
    `view` draws, so the browser (in parts) and the build (in one go) show the same."""
    params: Params = spec.validate({} if setting == "defaults" else alternates(spec))
    assert spec.view_in_parts is not None
    parts = spec.view_in_parts(params)
    pauses = 0
    while True:
        try:
            next(parts)
        except StopIteration as done:
            in_parts = done.value
            break
        pauses += 1
    assert pauses >= 2
    assert in_parts == spec.view(params)


@pytest.mark.parametrize("spec", all_specs(), ids=lambda spec: spec.name)
def test_replies_answer_as_handle_does(spec: WidgetSpec) -> None:
    """The worker's replies: a pause (None) per part, then the same reply as handle_with;
    a widget without parts is answered with no pause at all."""
    request = json.dumps({"kind": "run", "widget": spec.name, "params": {}})
    pauses, items = _count_pauses(replies_with(REGISTRY, request))
    assert items[-1] == handle_with(REGISTRY, request)
    assert all(item is None for item in items[:-1])
    assert json.loads(str(items[-1]))["ok"] is True
    assert (pauses > 0) == (spec.view_in_parts is not None)


@pytest.mark.parametrize(
    ("request_json", "error"),
    [
        ("not json", "the request is not JSON"),
        (json.dumps({"kind": "run", "widget": "nope"}), "no widget named"),
        (
            json.dumps({"kind": "run", "widget": "load-balancing", "params": {"servers": 0}}),
            "must be from 2",
        ),
    ],
)
def test_a_bad_request_is_answered_at_once(request_json: str, error: str) -> None:
    """A request that cannot run is answered with its error, without a pause."""
    pauses, items = _count_pauses(replies_with(REGISTRY, request_json))
    assert pauses == 0 and len(items) == 1
    reply = json.loads(str(items[0]))
    assert reply["ok"] is False and error in reply["error"]


def _one_output_spec(
    name: str,
    *,
    view_in_parts: Callable[[Params], Parts[View]] | None = None,
    actions: tuple[Action, ...] = (),
) -> WidgetSpec:
    """A widget with no parameters and one result, x = 1, for a runtime test."""
    return WidgetSpec(
        name=name,
        title=name.title(),
        summary=f"A test widget, {name}.",
        params=(),
        outputs=(OutputSpec("x", "X"),),
        view=lambda params: View((OutputValue("x", 1.0, "1"),)),
        model_modules=(),
        view_in_parts=view_in_parts,
        actions=actions,
    )


def test_a_model_that_fails_between_parts_gets_an_error_reply() -> None:
    """A bug met after some parts is still a reply (naming the model's line), not an
    exception out of the worker's generator."""

    def failing(params: Params) -> Parts[View]:
        yield
        raise ZeroDivisionError("division by zero")

    spec = _one_output_spec("failing", view_in_parts=failing)
    request = json.dumps({"kind": "run", "widget": "failing", "params": {}})
    pauses, items = _count_pauses(replies_with(Registry("test", (spec,)), request))
    reply = json.loads(str(items[-1]))
    assert pauses == 1
    assert reply["ok"] is False and reply["internal"] is True
    assert "ZeroDivisionError" in reply["error"] and reply["at"].startswith("test_parts.py:")
    assert reply["what"] == "ZeroDivisionError: division by zero"  # what the page words


def test_an_action_must_give_the_results_it_declares() -> None:
    """An action's results are shown under the labels it declares: a view that gives
    other results is a model bug, reported as one (not shown under the wrong labels)."""

    def wrong(params: Params) -> View:
        return View((OutputValue("other", 1.0, "1"),))

    action = Action("go", "Go", run=wrong, outputs=(OutputSpec("y", "Y"),))
    spec = _one_output_spec("acting", actions=(action,))
    request = json.dumps({"kind": "action", "widget": "acting", "action": "go", "params": {}})
    reply = json.loads(handle_with(Registry("test", (spec,)), request))
    assert reply["ok"] is False and reply["internal"] is True
    assert "acting action go: view outputs ['other'] do not match ['y']" in reply["error"]
    assert spec.to_json()["actions"] == [
        {"key": "go", "label": "Go", "outputs": [{"name": "y", "label": "Y"}]}
    ]
