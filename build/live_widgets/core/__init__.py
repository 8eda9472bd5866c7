"""The widget engine's pure-Python half: declarations, views, charts and formatting."""

from live_widgets.core.params import Choice, ChoiceParam, NumberParam, Param, ParamError
from live_widgets.core.parts import Parts, finish
from live_widgets.core.spec import Action, AtMost, OutputSpec, Params, Step, WidgetSpec
from live_widgets.core.view import Figure, OutputValue, View

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
