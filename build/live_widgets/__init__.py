"""live_widgets: Python widgets for MkDocs pages, computed at build time, live on Pyodide.

This package is two things:

* the widget author API (`NumberParam`, `WidgetSpec`, `View`, charts...), plain
  standard-library Python that is also shipped to the browser inside the widget wheel;
* an MkDocs 1.x plugin, `live-widgets` (`live_widgets.plugin`), and the generator
  behind it (blocks to HTML, the wheel, the snapshot, embed pages), which is never
  imported from here, so nothing of MkDocs reaches the browser.
"""

from live_widgets.core import (
    Action,
    AtMost,
    Choice,
    ChoiceParam,
    Figure,
    NumberParam,
    OutputSpec,
    OutputValue,
    Param,
    ParamError,
    Params,
    Parts,
    Step,
    View,
    WidgetSpec,
    finish,
)

__all__ = [
    "Action",
    "AtMost",
    "Choice",
    "ChoiceParam",
    "Figure",
    "NumberParam",
    "OutputSpec",
    "OutputValue",
    "Param",
    "ParamError",
    "Params",
    "Parts",
    "Step",
    "View",
    "WidgetSpec",
    "finish",
]
