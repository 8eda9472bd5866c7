"""Pure-Python models behind the book's widgets.

They run under pytest in CPython and in the reader's browser on Pyodide, so they
use the standard library only and contain no browser code.
"""

from widgets.core import ParamError, View, WidgetSpec
from widgets.registry import all_specs, get_spec

__all__ = ["ParamError", "View", "WidgetSpec", "all_specs", "get_spec"]
