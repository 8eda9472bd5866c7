"""What the build's Python snapshot holds: every widget imported and run once at its
defaults (so the interpreter has specialised its code and the models their tables), less
the tables of models that would rather remake them than ship them (`snapshot_tables`).

The build calls `prepare_snapshot(package)` in Pyodide just before it takes the
snapshot (bundle/make_snapshot.mjs); it is plain Python, so tests run it in CPython.
"""

from __future__ import annotations

import gc
import sys
from typing import Protocol, cast

from live_widgets.core.registry import discover
from live_widgets.core.runtime import make_handler


class MemoisedTable(Protocol):
    def cache_clear(self) -> None: ...


def memoised_tables(module_name: str) -> list[MemoisedTable]:
    """The functools caches that `module_name` defines at its top level."""
    module = sys.modules.get(module_name)
    if module is None:
        return []
    return [
        cast(MemoisedTable, value)
        for value in vars(module).values()
        if callable(getattr(value, "cache_clear", None))
        and getattr(value, "__module__", None) == module_name
    ]


def prepare_snapshot(package: str) -> list[str]:
    """Run every widget of `package` once, clear the tables of those that ask for it, and
    collect the garbage; returns the names of the widgets whose tables were cleared."""
    make_handler(package)
    specs = discover(package).specs
    for spec in specs:
        spec.run({})
    cleared = []
    for spec in specs:
        if spec.snapshot_tables:
            continue
        for module_name in spec.model_modules:
            for table in memoised_tables(module_name):
                table.cache_clear()
        cleared.append(spec.name)
    gc.collect()
    return cleared
