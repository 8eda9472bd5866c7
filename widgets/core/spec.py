"""A widget's declaration: parameters, outputs, actions, and the function that draws it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from widgets.core.params import Param, ParamError, Value
from widgets.core.view import View

Params = Mapping[str, Value]


@dataclass(frozen=True)
class OutputSpec:
    """A key output: shown as `data-output="<name>"` with `data-value`."""

    name: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class Action:
    """A button that runs extra Python on demand (e.g. a simulation)."""

    key: str
    label: str
    run: Callable[[Params], View]
    help: str = ""


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
    check: Callable[[Params], None] | None = field(default=None)
    """Cross-parameter rule; raises ParamError naming the parameter to blame."""
    warm: tuple[Callable[[], object], ...] = ()
    """One-off work (filling memoised tables) that the browser runs once the widget is
    live and Python is otherwise idle, so the reader's first big recompute does not pay
    for it. Each step is one background request, kept short (under about 150 ms in the
    browser) because a reader's change waits for the step in progress."""

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
        if self.check is not None:
            self.check(values)
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
        if self.check is not None:
            try:
                self.check(values)
            except ParamError as error:
                notices.append(f"Ignored {error}; using the default.")
                values[error.name] = self.param(error.name).default
                try:
                    self.check(values)
                except ParamError:
                    values = self.defaults()
        return MappingProxyType(values), tuple(notices)

    def run(self, raw: Mapping[str, object]) -> View:
        params = self.validate(raw)
        view = self.view(params)
        declared = [output.name for output in self.outputs]
        shown = [output.name for output in view.outputs]
        if shown[: len(declared)] != declared:
            raise RuntimeError(f"{self.name}: view outputs {shown} do not match {declared}")
        return view

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
            "actions": [{"key": a.key, "label": a.label} for a in self.actions],
            "warm_steps": len(self.warm),
            "steps": [
                {"key": s.key, "label": s.label, "assign": list(s.assign), "delta": list(s.delta)}
                for s in self.steps
            ],
        }
