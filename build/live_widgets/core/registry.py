"""The widgets of one package, found by looking, not by a hand-kept list.

A widget is a folder (a subpackage) whose `spec.py` defines `SPEC`, a `WidgetSpec`.
`discover("widgets")` imports each such folder of the package `widgets`; a folder
without `spec.py` (shared helpers, say) is skipped. The same code runs at build time
and in the browser's Python, so both know the same widgets.
"""

from __future__ import annotations

import difflib
import importlib
import linecache
import os
import pkgutil
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from live_widgets.core.spec import WidgetSpec


class UnknownWidget(KeyError):
    """A widget name the registry does not know; the message suggests the nearest."""

    def __str__(self) -> str:
        return str(self.args[0])


class WidgetDeclarationError(Exception):
    """A widget folder whose spec.py does not load, as `file:line: message`: the line of
    that folder's code where it failed (a default outside its range, a typo, ...)."""

    def __init__(self, path: str, line: int | None, detail: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {detail}")
        self.path = path
        self.line = line
        self.detail = detail


def shown_path(filename: str) -> str:
    """A file as an author finds it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # on another drive (Windows): no relative path exists
        return filename
    return filename if relative.startswith("..") else Path(relative).as_posix()


def _declaration_error(folder: Path, spec_file: Path, error: Exception) -> WidgetDeclarationError:
    """Where in `folder` loading its spec failed: a syntax error's own line, else the
    deepest frame of the traceback inside the folder (else spec.py itself)."""
    detail = str(error) or type(error).__name__
    if isinstance(error, SyntaxError) and error.filename:
        return WidgetDeclarationError(shown_path(error.filename), error.lineno, error.msg)
    inside = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(folder)
    ]
    if inside:
        frame = inside[-1]
        line = _keyword_line(frame, getattr(error, "field", None)) or frame.lineno
        return WidgetDeclarationError(shown_path(frame.filename), line, detail)
    return WidgetDeclarationError(shown_path(str(spec_file)), None, detail)


def _keyword_line(frame: traceback.FrameSummary, field: str | None) -> int | None:
    """The line of `field=` inside the call the frame was running, when the call spans
    several lines and names it (a default given by position has no such line)."""
    first, last = frame.lineno, frame.end_lineno
    if field is None or first is None or last is None or last <= first:
        return None
    keyword = re.compile(rf"\b{re.escape(field)}\s*=(?!=)")
    for line in range(first, last + 1):
        if keyword.search(linecache.getline(frame.filename, line)):
            return line
    return None


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
    for spec_file in sorted(Path(root.__path__[0]).glob("[!_]*/spec.py")):
        if not (spec_file.parent / "__init__.py").is_file():  # else it is skipped unseen
            raise WidgetDeclarationError(
                shown_path(str(spec_file.parent)),
                None,
                "a widget folder needs an __init__.py (it may be empty) beside its spec.py: "
                "each widget is a Python package",
            )
    specs: list[WidgetSpec] = []
    homes: list[Path] = []  # each spec's folder, for messages
    for folder in sorted(folders):
        if folder.startswith("_"):
            continue
        place = Path(root.__path__[0]).resolve() / folder
        try:
            module = importlib.import_module(f"{package}.{folder}.spec")
        except ModuleNotFoundError as error:
            if error.name == f"{package}.{folder}.spec":
                continue  # a helper folder, not a widget
            raise _declaration_error(place, place / "spec.py", error) from error
        except Exception as error:  # any mistake in the folder, reported where it is
            raise _declaration_error(place, place / "spec.py", error) from error
        spec = getattr(module, "SPEC", None)
        if not isinstance(spec, WidgetSpec):
            raise WidgetDeclarationError(
                shown_path(str(place / "spec.py")), None, "must define SPEC = WidgetSpec(...)"
            )
        taken = next(
            (other for other, kept in zip(homes, specs, strict=True) if kept.name == spec.name),
            None,
        )
        if taken is not None:
            raise WidgetDeclarationError(
                shown_path(str(place / "spec.py")),
                None,
                f"the widget name `{spec.name}` is already taken by "
                f"{shown_path(str(taken / 'spec.py'))}: each widget needs a name of its own",
            )
        specs.append(spec)
        homes.append(place)
    return Registry(package, tuple(specs))
