"""The one entry point the browser worker calls: JSON in, JSON out.

The worker makes a handler once, for the widget package the build's manifest names:
`replies = make_handler_in_parts("widgets")`, then per request runs the generator
`replies(request_json)`: it yields None wherever the model may stop (a widget with
`view_in_parts`, see core/parts.py), then the reply. Between parts the worker hears
whether the reader has moved on, and if so stops there. `make_handler` answers in one
call (tests, the bench's baseline page).

Requests: {"kind": "run", "widget": name, "params": {...}}
          {"kind": "action", "widget": name, "action": key, "params": {...}}
          {"kind": "warm", "widget": name, "step": i}   (step i of the widget's `warm`)
Replies:  {"ok": true, "view": {...}} or {"ok": false, "error": message, "param": name|null};
          a warm step replies {"ok": true, "steps": how many there are}.
Every failure, expected or not, is a reply: nothing raises out of `handle`.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable, Generator, Iterator

from live_widgets.core.params import ParamError
from live_widgets.core.registry import Registry, discover


def _error(message: str, param: str | None = None, **extra: object) -> str:
    return json.dumps({"ok": False, "error": message, "param": param, **extra})


def _answer(registry: Registry, request_json: str) -> Generator[None, None, str]:
    try:
        request = json.loads(request_json)
    except RecursionError:
        raise ParamError("request", "is nested too deeply") from None
    if not isinstance(request, dict):
        raise ParamError("request", "must be a JSON object")
    spec = registry.get(str(request.get("widget")))
    if request.get("kind") == "warm":
        step = request.get("step")
        if not isinstance(step, int) or isinstance(step, bool) or not 0 <= step < len(spec.warm):
            raise ParamError(
                "step", f"must be a warm-up step of {spec.name} (0-{len(spec.warm) - 1})"
            )
        spec.warm[step]()
        return json.dumps({"ok": True, "steps": len(spec.warm)})
    params = request.get("params", {})
    if not isinstance(params, dict):
        raise ParamError("params", "must be an object")
    if request.get("kind") == "action":
        view = spec.run_action(str(request.get("action")), params)
    else:
        view = yield from spec.run_in_parts(params)
    return json.dumps({"ok": True, "view": view.to_json()})


def _failure(error: Exception) -> str:
    """The error reply for a request that failed."""
    if isinstance(error, ParamError):
        return _error(str(error), error.name)
    if isinstance(error, KeyError):
        return _error(f"unknown name: {error}")
    if isinstance(error, json.JSONDecodeError):
        return _error(f"the request is not JSON ({error.msg})")
    # A bug in a model must not look like Python failing to start.
    where = traceback.extract_tb(error.__traceback__)[-1]
    what = f"{type(error).__name__}: {str(error)[:200]}"
    return _error(
        f"the model failed: {what}",
        internal=True,
        what=what,  # the page words the failure itself (controller.js showModelFailure)
        at=f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}",
    )


def replies_with(registry: Registry, request_json: str) -> Iterator[str | None]:
    """Answer one request against `registry` in parts: None at each point where the
    model may stop, then the reply. Every failure becomes an error reply."""
    try:
        reply = yield from _answer(registry, request_json)
    except Exception as error:
        reply = _failure(error)
    yield reply


def handle_with(registry: Registry, request_json: str) -> str:
    """Answer one request against `registry` in one go."""
    for reply in replies_with(registry, request_json):
        if reply is not None:
            return reply
    raise AssertionError("replies_with always ends with a reply")


def make_handler(package: str) -> Callable[[str], str]:
    """A `handle(request_json) -> reply_json` for the widgets of `package`."""
    registry = discover(package)
    return lambda request_json: handle_with(registry, request_json)


def make_handler_in_parts(package: str) -> Callable[[str], Iterator[str | None]]:
    """A `replies(request_json)` generator for the widgets of `package` (see above)."""
    registry = discover(package)
    return lambda request_json: replies_with(registry, request_json)
