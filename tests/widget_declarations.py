"""What the browser tests need to know about the widgets, read from their declarations
and the chapters, so a new widget folder plus one block is covered with no list to edit."""

from __future__ import annotations

import math
from pathlib import Path

from live_widgets.core import NumberParam, ParamError, WidgetSpec
from live_widgets.generator import PageSource
from tests.book_generator import book_generator

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"


def _number_candidates(param: NumberParam) -> list[float]:
    lo, hi, default = param.minimum, param.maximum, param.default
    raw = [default * 2, default / 2, default + (hi - default) / 2, (lo + hi) / 2, hi, lo]
    out: list[float] = []
    for value in raw:
        if param.integer:
            value = float(round(value))
        elif param.step:
            value = round(round(value / param.step) * param.step, 10)
        else:
            value = float(f"{value:.3g}")
        if lo <= value <= hi and not math.isclose(value, default) and value not in out:
            out.append(value)
    return out


def alternates(spec: WidgetSpec) -> dict[str, object]:
    """A valid, non-default value for every parameter: valid alone and all together."""
    chosen: dict[str, object] = {}
    for param in spec.params:
        if isinstance(param, NumberParam):
            # Whole numbers as ints: 400, as a person types it and the form shows it.
            candidates: list[object] = [
                int(v) if param.integer or float(v).is_integer() else v
                for v in _number_candidates(param)
            ]
        else:
            candidates = [v for v in param.values if v != param.default]
        for value in candidates:
            try:
                spec.validate({param.name: value})
                spec.validate({**chosen, param.name: value})
            except ParamError:
                continue
            chosen[param.name] = value
            break
        else:
            raise AssertionError(f"{spec.name}: no valid alternate for {param.name}")
    return chosen


def page_url(path: Path) -> str:
    """The URL MkDocs gives a chapter file (directory URLs)."""
    relative = path.relative_to(CONTENT).with_suffix("").as_posix()
    if relative == "index":
        return ""
    return relative.removesuffix("/index") + "/"


def hosts() -> dict[str, str]:
    """The chapter URL hosting each widget, as the build finds it."""
    pages = [
        PageSource(
            f"content/{p.relative_to(CONTENT).as_posix()}", page_url(p), p.read_text("utf-8")
        )
        for p in sorted(CONTENT.rglob("*.md"))
        if not p.name.startswith("_")
    ]
    return book_generator().widget_hosts(pages)
