"""Parameter declarations: the one source of truth for a widget's inputs.

A declaration drives the build-time check of chapter blocks, the generated form
controls, URL state (parsed leniently in the browser) and the model's own input
validation. Everything here is pure standard-library Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from live_widgets.core.format import plain_number

Value = int | float | str


class ParamError(ValueError):
    """A parameter value that the declaration rejects, with a message for people."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class DeclarationMistake(ValueError):
    """A declaration that contradicts itself, naming the `field` at fault (so the error
    can point at that keyword's line of a call written over several lines)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NumberParam:
    """A number in a closed range; `integer` makes it a whole number."""

    name: str
    label: str
    default: float
    minimum: float
    maximum: float
    integer: bool = False
    unit: str = ""
    help: str = ""
    scale: Literal["linear", "log"] = "linear"
    step: float | None = None

    def __post_init__(self) -> None:
        if not self.minimum <= self.default <= self.maximum:
            raise DeclarationMistake(
                "default",
                f"parameter {self.name}: default {plain_number(self.default)} is outside its "
                f"range, {self.range_text()}",
            )
        if self.scale == "log" and self.minimum <= 0:
            raise DeclarationMistake("scale", f"{self.name}: a log scale needs a positive minimum")

    @property
    def kind(self) -> str:
        return "int" if self.integer else "float"

    def range_text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{plain_number(self.minimum)} to {plain_number(self.maximum)}{unit}"

    def coerce(self, raw: object) -> Value:
        """Return the value as the model wants it, or raise ParamError."""
        if isinstance(raw, bool):
            raise ParamError(self.name, "must be a number, not true or false")
        if isinstance(raw, str):
            text = raw.strip().replace("_", "").replace(",", "")
            if not text:
                raise ParamError(self.name, "is empty; give a number")
            try:
                value = float(text)
            except ValueError:
                raise ParamError(self.name, f"'{raw[:40]}' is not a number") from None
        elif isinstance(raw, (int, float)):
            try:
                value = float(raw)
            except OverflowError:
                raise ParamError(self.name, f"must be from {self.range_text()}") from None
        else:
            raise ParamError(self.name, f"must be a number, not {type(raw).__name__}")
        if not math.isfinite(value):
            raise ParamError(self.name, "must be a finite number")
        if self.integer and value != math.floor(value):
            raise ParamError(self.name, "must be a whole number")
        if not self.minimum <= value <= self.maximum:
            raise ParamError(self.name, f"must be from {self.range_text()}")
        return int(value) if self.integer else value

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "label": self.label,
            "default": self.default,
            "min": self.minimum,
            "max": self.maximum,
            "unit": self.unit,
            "help": self.help,
            "scale": self.scale,
            "step": self.step,
        }


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ChoiceParam:
    """One of a fixed set of string ids."""

    name: str
    label: str
    default: str
    choices: tuple[Choice, ...]
    help: str = ""
    unit: str = ""

    def __post_init__(self) -> None:
        if self.default not in self.values:
            raise DeclarationMistake(
                "default", f"{self.name}: default {self.default!r} is not a choice"
            )

    kind = "choice"

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def range_text(self) -> str:
        return " | ".join(self.values)

    def coerce(self, raw: object) -> Value:
        if not isinstance(raw, str):
            raise ParamError(self.name, f"must be one of {self.range_text()}")
        text = raw.strip().lower()
        if text not in self.values:
            raise ParamError(self.name, f"'{raw[:40]}' is not one of {self.range_text()}")
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "label": self.label,
            "default": self.default,
            "choices": [{"value": c.value, "label": c.label} for c in self.choices],
            "unit": self.unit,
            "help": self.help,
        }


Param = NumberParam | ChoiceParam
