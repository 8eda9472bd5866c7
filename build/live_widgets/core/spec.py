"""A widget's declaration: parameters, outputs, actions, and the function that draws it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from live_widgets.core.format import plain_number
from live_widgets.core.params import Param, ParamError, Value
from live_widgets.core.parts import Parts, finish
from live_widgets.core.view import View

Params = Mapping[str, Value]


@dataclass(frozen=True)
class AtMost:
    """A cross-parameter rule: `param` may not exceed the value of parameter `limit`.

    Declared as data, not code, so the browser applies the same rule: the slider of
    `param` stops at `limit`'s value, and URL state breaking it is clamped with a notice.
    """

    param: str
    limit: str

    def broken(self, values: Mapping[str, Value]) -> bool:
        value, limit = values.get(self.param), values.get(self.limit)
        numbers = isinstance(value, (int, float)) and isinstance(limit, (int, float))
        return numbers and value > limit  # type: ignore[operator]

    def to_json(self) -> dict[str, str]:
        return {"kind": "at_most", "param": self.param, "limit": self.limit}


WIDGET_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
"""A widget's name: lower-case words joined by hyphens (it is a URL, /embed/<name>/)."""


class WrongOutputs(RuntimeError):
    """A view whose outputs are not the ones its widget (or action) declares, in order."""

    def __init__(self, what: str, shown: list[str], declared: list[str]) -> None:
        super().__init__(f"{what}: view outputs {shown} do not match {declared}")
        self.shown = shown
        self.declared = declared


@dataclass(frozen=True)
class OutputSpec:
    """A key output: shown as `data-output="<name>"` with `data-value`."""

    name: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Action:
    """A button that runs extra Python on demand (e.g. a simulation). `outputs` names and
    labels the results its View gives, in order, as WidgetSpec.outputs does the widget's;
    the page shows each with its label. Without them, a result is shown under its name."""

    key: str
    label: str
    run: Callable[[Params], View]
    help: str = ""
    outputs: tuple[OutputSpec, ...] = ()


@dataclass(frozen=True)
class Step:
    """A button that changes parameters: `assign` copies one parameter into another
    (target, source), then `delta` adds a number (target, amount), clamped to range."""

    key: str
    label: str
    assign: tuple[tuple[str, str], ...] = ()
    delta: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class WidgetSpec:
    name: str
    title: str
    summary: str
    params: tuple[Param, ...]
    outputs: tuple[OutputSpec, ...]
    view: Callable[[Params], View]
    model_modules: tuple[str, ...]
    actions: tuple[Action, ...] = ()
    steps: tuple[Step, ...] = ()
    rules: tuple[AtMost, ...] = ()
    """Cross-parameter rules, as data (see AtMost): Python and the browser both apply them."""
    warm: tuple[Callable[[], object], ...] = ()
    """One-off work (filling memoised tables) that the browser runs once the widget is
    live and Python is otherwise idle, so the reader's first big recompute does not pay
    for it. Each step is one background request, kept short (under about 150 ms in the
    browser) because a reader's change waits for the step in progress."""
    snapshot_tables: bool = True
    """Whether the build's Python snapshot keeps the memoised tables (lru_cache) of
    `model_modules` as running the widget at its defaults leaves them. Every reader
    downloads the snapshot, so a model whose tables are big and quick to remake (random
    draws compress to nothing less than themselves) sets False: they are cleared
    before the snapshot is taken, and filled again by the widget's first run."""

    view_in_parts: Callable[[Params], Parts[View]] | None = None
    """The same view as `view`, computed in parts (see core/parts.py): a generator that
    yields None wherever the work may stop. For a model whose recompute takes long
    enough to matter (tens of milliseconds in the browser): when the reader moves on
    while it computes, the browser stops it at the next part instead of finishing a
    result nobody will see. `view` should then be `finish(view_in_parts(params))`, so
    the two cannot disagree (a test checks they match)."""

    def __post_init__(self) -> None:
        if not WIDGET_NAME.match(self.name):
            raise ValueError(
                f"{self.name!r} is not a widget name: use lower-case words joined by hyphens, "
                "e.g. rate-limiter (it becomes the embed URL /embed/<name>/)"
            )

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    def defaults(self) -> dict[str, Value]:
        return {param.name: param.default for param in self.params}

    def validate(self, raw: Mapping[str, object]) -> Params:
        """Strict: any unknown name or bad value raises ParamError."""
        known = {param.name for param in self.params}
        for name in raw:
            if name not in known:
                allowed = ", ".join(sorted(known))
                raise ParamError(str(name), f"is not a parameter of {self.name} (known: {allowed})")
        values = self.defaults()
        for name, value in raw.items():
            values[name] = self.param(name).coerce(value)
        for rule in self.rules:
            if rule.broken(values):
                raise ParamError(rule.param, self._rule_message(rule, values))
        return MappingProxyType(values)

    def validate_lenient(self, raw: Mapping[str, object]) -> tuple[Params, tuple[str, ...]]:
        """For URL state: bad or unknown values fall back to defaults, with a notice each."""
        notices: list[str] = []
        values = self.defaults()
        known = {param.name for param in self.params}
        for name, value in raw.items():
            if name not in known:
                notices.append(f"Ignored unknown parameter '{str(name)[:40]}'.")
                continue
            try:
                values[name] = self.param(name).coerce(value)
            except ParamError as error:
                notices.append(f"Ignored {error}; using the default.")
        for rule in self.rules:
            if rule.broken(values):
                limit = values[rule.limit]
                notices.append(
                    f"{self._rule_message(rule, values)}: using {plain_number(float(limit))}."
                )
                values[rule.param] = limit
        return MappingProxyType(values), tuple(notices)

    def _rule_message(self, rule: AtMost, values: Mapping[str, Value]) -> str:
        limit = self.param(rule.limit)
        return (
            f"{self.param(rule.param).label} must not exceed {limit.label} "
            f"({plain_number(float(values[rule.limit]))})"
        )

    def run(self, raw: Mapping[str, object]) -> View:
        return finish(self.run_in_parts(raw))

    def run_in_parts(self, raw: Mapping[str, object]) -> Parts[View]:
        """Validate `raw`, then compute the view (in parts, if the widget has them)."""
        params = self.validate(raw)
        if self.view_in_parts is None:
            view = self.view(params)
        else:
            view = yield from self.view_in_parts(params)
        self.check_view(view)
        return view

    def run_action(self, key: str, raw: Mapping[str, object]) -> View:
        """Validate `raw`, then run action `key`, whose view must give its declared outputs."""
        action = self.action(key)
        view = action.run(self.validate(raw))
        self._check_outputs(f"{self.name} action {key}", action.outputs, view)
        return view

    def check_view(self, view: View) -> None:
        """Raise WrongOutputs unless `view` gives the declared outputs, in order."""
        self._check_outputs(self.name, self.outputs, view)

    @staticmethod
    def _check_outputs(what: str, outputs: tuple[OutputSpec, ...], view: View) -> None:
        declared = [output.name for output in outputs]
        shown = [output.name for output in view.outputs]
        if shown[: len(declared)] != declared:
            raise WrongOutputs(what, shown, declared)

    def action(self, key: str) -> Action:
        for action in self.actions:
            if action.key == key:
                return action
        raise KeyError(key)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "title": self.title,
            "params": [param.to_json() for param in self.params],
            "outputs": [{"name": o.name, "label": o.label} for o in self.outputs],
            "actions": [
                {
                    "key": a.key,
                    "label": a.label,
                    "outputs": [{"name": o.name, "label": o.label} for o in a.outputs],
                }
                for a in self.actions
            ],
            "rules": [rule.to_json() for rule in self.rules],
            "warm_steps": len(self.warm),
            "steps": [
                {"key": s.key, "label": s.label, "assign": list(s.assign), "delta": list(s.delta)}
                for s in self.steps
            ],
        }
