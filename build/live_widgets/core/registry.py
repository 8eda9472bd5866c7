"""The widgets of one package, found by looking, not by a hand-kept list.

A widget is a folder (a subpackage) whose `spec.py` defines `SPEC`, a `WidgetSpec`.
`discover("widgets")` imports each such folder of the package `widgets`; a folder
without `spec.py` (shared helpers, say) is skipped. The same code runs at build time
and in the browser's Python, so both know the same widgets.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import sys
from dataclasses import dataclass

from live_widgets.core.spec import WidgetSpec


class UnknownWidget(KeyError):
    """A widget name the registry does not know; the message suggests the nearest."""

    def __str__(self) -> str:
        return str(self.args[0])


def nearest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The closest candidate to a mistyped `word`, if any is close enough."""
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    """'; did you mean `x`?' when a candidate is close, else the list of candidates."""
    close = nearest(word, candidates)
    if close is not None:
        return f"; did you mean `{close}`?"
    return f" (known: {', '.join(sorted(candidates))})" if candidates else ""


@dataclass(frozen=True)
class Registry:
    """The widgets of `package`, in folder-name order."""

    package: str
    specs: tuple[WidgetSpec, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.specs)

    def get(self, name: str) -> WidgetSpec:
        for spec in self.specs:
            if spec.name == name:
                return spec
        raise UnknownWidget(f"no widget named `{name}`" + did_you_mean(name, self.names()))

    def modules(self) -> tuple[str, ...]:
        """Every model module the widgets declare (for the 'View the model' pages)."""
        return tuple(sorted({module for spec in self.specs for module in spec.model_modules}))


def discover(package: str) -> Registry:
    """Import every widget folder of `package` (an importable package name)."""
    root = importlib.import_module(package)
    folders = {info.name for info in pkgutil.iter_modules(root.__path__) if info.ispkg}
    # Widgets already imported count too: Python restored from a memory snapshot has
    # them in memory but not their files (the snapshot holds memory, not the file system).
    prefix = f"{package}."
    folders |= {
        name[len(prefix) : -len(".spec")]
        for name in list(sys.modules)
        if name.startswith(prefix) and name.endswith(".spec") and name.count(".") == 2
    }
    specs: list[WidgetSpec] = []
    for folder in sorted(folders):
        if folder.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{package}.{folder}.spec")
        except ModuleNotFoundError as error:
            if error.name == f"{package}.{folder}.spec":
                continue  # a helper folder, not a widget
            raise
        spec = getattr(module, "SPEC", None)
        if not isinstance(spec, WidgetSpec):
            raise TypeError(f"{package}.{folder}.spec must define SPEC = WidgetSpec(...)")
        specs.append(spec)
    names = [spec.name for spec in specs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"{package}: more than one widget named {', '.join(duplicates)}")
    return Registry(package, tuple(specs))
