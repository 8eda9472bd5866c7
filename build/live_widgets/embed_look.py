"""The embed page's look parameters (`?theme=dark`, `?compact=1`), declared once.

An instructor picks how an embedded widget looks from the frame's URL. Each look
parameter lists the values it accepts and, for each, what it sets on the page's
`<html>` element (`data-theme="dark"`, `data-compact="true"`, which embed.css reads)
or `None` for a value that sets nothing (`auto`: the reader's system decides).

The embed page carries this declaration as `<html data-looks='…'>`. Two scripts
read it there: embed.py's early script, which applies the look before the first
paint, and url-state.js, which names the accepted values in the notice for any
other value. So a new look value is added here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class LookParam:
    """One look parameter: its name in the URL and, per accepted value, the value of
    `<html data-NAME>` it sets (`None`: it sets nothing)."""

    name: str
    sets: Mapping[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sets", MappingProxyType(dict(self.sets)))
        if not self.sets:
            raise ValueError(f"look parameter {self.name!r} accepts no value")


LOOKS: tuple[LookParam, ...] = (
    LookParam("theme", {"light": "light", "dark": "dark", "auto": None}),
    LookParam("compact", {"1": "true", "0": None}),
)


def looks_json(looks: tuple[LookParam, ...] = LOOKS) -> str:
    """The declaration as the page carries it, in order: [[name, [[value, data value or
    null], ...]], ...]. Lists, not objects: JavaScript would put "0" before "1"."""
    declared = [[look.name, [[value, sets] for value, sets in look.sets.items()]] for look in looks]
    return json.dumps(declared, separators=(",", ":"))
