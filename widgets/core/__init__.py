"""The widget engine's pure-Python half: declarations, views, charts and formatting."""

from widgets.core.params import Choice, ChoiceParam, NumberParam, Param, ParamError
from widgets.core.spec import Action, OutputSpec, Params, Step, WidgetSpec
from widgets.core.view import Figure, OutputValue, View

__all__ = [
    "Action",
    "Choice",
    "ChoiceParam",
    "Figure",
    "NumberParam",
    "OutputSpec",
    "OutputValue",
    "Param",
    "ParamError",
    "Params",
    "Step",
    "View",
    "WidgetSpec",
]
