"""This book's widgets: one folder each (spec.py, model, view), found by discovery.

They run under pytest in CPython and in the reader's browser on Pyodide, so they use
the standard library (and `live_widgets.core`, the author API) only.
"""

from __future__ import annotations

from live_widgets.core import ParamError, View, WidgetSpec
from live_widgets.core.registry import Registry, discover


def registry() -> Registry:
    """Every widget of this book (imports each widget folder)."""
    return discover(__name__)


def all_specs() -> tuple[WidgetSpec, ...]:
    return registry().specs


def get_spec(name: str) -> WidgetSpec:
    return registry().get(name)


__all__ = ["ParamError", "View", "WidgetSpec", "all_specs", "get_spec", "registry"]
