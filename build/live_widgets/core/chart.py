"""One shared way to draw charts as SVG, identical at build time and in the browser.

A chart is data (axes, series, markers, bands) rendered by `render_chart`. Colours
come from the Okabe-Ito palette, which stays distinguishable with colour-blindness.
SVGs carry no ids, so several widgets can share one page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from live_widgets.core.format import compact

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
DASHES = ("", "6 4", "2 3", "8 3 2 3")


@dataclass(frozen=True)
class Axis:
    label: str
    minimum: float
    maximum: float
    scale: Literal["linear", "log"] = "linear"
    tick_format: Callable[[float], str] = compact


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[float, float], ...]
    color: str = PALETTE[0]
    dash: str = ""


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str
    color: str = "#000000"


@dataclass(frozen=True)
class Band:
    x0: float
    x1: float
    label: str
    shade: bool


@dataclass(frozen=True)
class Chart:
    title: str
    x: Axis
    y: Axis
    series: tuple[Series, ...]
    markers: tuple[Marker, ...] = ()
    bands: tuple[Band, ...] = ()
    width: int = 640
    height: int = 320


_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 16, 28, 52


def ticks(axis: Axis, target: int = 6) -> list[float]:
    """Tick positions: powers of ten on a log axis, 1-2-5 steps on a linear one."""
    lo, hi = axis.minimum, axis.maximum
    if axis.scale == "log":
        first, last = math.ceil(math.log10(lo) - 1e-9), math.floor(math.log10(hi) + 1e-9)
        stride = max(1, math.ceil((last - first + 1) / (target + 2)))
        return [10.0**k for k in range(first, last + 1, stride)]
    raw = (hi - lo) / max(target, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.ceil(lo / step - 1e-9) * step
    values = []
    value = start
    while value <= hi + step * 1e-9:
        values.append(round(value, 12))
        value += step
    return values


def _scaler(axis: Axis, start: float, end: float) -> Callable[[float], float]:
    if axis.scale == "log":
        lo, hi = math.log10(axis.minimum), math.log10(axis.maximum)

        def to_pixel(v: float) -> float:
            v = min(max(v, axis.minimum), axis.maximum)
            return start + (math.log10(v) - lo) / (hi - lo) * (end - start)
    else:
        lo, hi = axis.minimum, axis.maximum

        def to_pixel(v: float) -> float:
            v = min(max(v, lo), hi)
            return start + (v - lo) / (hi - lo) * (end - start)

    return to_pixel


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def render_chart(chart: Chart, description: str) -> str:
    """The chart as an accessible SVG string (role=img, title and description)."""
    w, h = chart.width, chart.height
    sx = _scaler(chart.x, _LEFT, w - _RIGHT)
    sy = _scaler(chart.y, h - _BOTTOM, _TOP)
    out: list[str] = [
        f'<svg class="w-chart" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="{escape(chart.title)}. {escape(description)}" '
        'xmlns="http://www.w3.org/2000/svg" font-size="12">',
        f"<title>{escape(chart.title)}</title>",
    ]
    for band in chart.bands:
        x0, x1 = sx(band.x0), sx(band.x1)
        if band.shade:
            out.append(
                f'<rect class="w-band" x="{_f(x0)}" y="{_TOP}" width="{_f(x1 - x0)}" '
                f'height="{h - _TOP - _BOTTOM}"/>'
            )
        out.append(
            f'<text class="w-band-label" x="{_f((x0 + x1) / 2)}" y="{_TOP - 8}" '
            f'text-anchor="middle">{escape(band.label)}</text>'
        )
    for value in ticks(chart.x):
        x = sx(value)
        out.append(
            f'<line class="w-grid" x1="{_f(x)}" x2="{_f(x)}" y1="{_TOP}" y2="{h - _BOTTOM}"/>'
        )
        out.append(
            f'<text class="w-tick" x="{_f(x)}" y="{h - _BOTTOM + 16}" text-anchor="middle">'
            f"{escape(chart.x.tick_format(value))}</text>"
        )
    for value in ticks(chart.y):
        y = sy(value)
        out.append(
            f'<line class="w-grid" x1="{_LEFT}" x2="{w - _RIGHT}" y1="{_f(y)}" y2="{_f(y)}"/>'
        )
        out.append(
            f'<text class="w-tick" x="{_LEFT - 6}" y="{_f(y + 4)}" text-anchor="end">'
            f"{escape(chart.y.tick_format(value))}</text>"
        )
    out.append(
        f'<line class="w-axis" x1="{_LEFT}" x2="{w - _RIGHT}" y1="{h - _BOTTOM}" y2="{h - _BOTTOM}"/>'
        f'<line class="w-axis" x1="{_LEFT}" x2="{_LEFT}" y1="{_TOP}" y2="{h - _BOTTOM}"/>'
        f'<text class="w-axis-label" x="{_f((_LEFT + w - _RIGHT) / 2)}" y="{h - 12}" '
        f'text-anchor="middle">{escape(chart.x.label)}</text>'
        f'<text class="w-axis-label" transform="translate(14 {_f((h - _BOTTOM + _TOP) / 2)}) rotate(-90)" '
        f'text-anchor="middle">{escape(chart.y.label)}</text>'
    )
    for series in chart.series:
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{_f(sx(x))} {_f(sy(y))}"
            for i, (x, y) in enumerate(series.points)
        )
        dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
        out.append(
            f'<path class="w-series" d="{path}" fill="none" stroke="{series.color}" stroke-width="2.5"{dash}/>'
        )
    out.append(_legend(chart, w))
    for marker in chart.markers:
        x, y = sx(marker.x), sy(marker.y)
        anchor = "end" if x > w * 0.7 else "start"
        offset = -10 if anchor == "end" else 10
        out.append(
            f'<circle class="w-marker" cx="{_f(x)}" cy="{_f(y)}" r="6" fill="{marker.color}" '
            'stroke="#fff" stroke-width="2"/>'
            f'<text class="w-marker-label" x="{_f(x + offset)}" y="{_f(y - 10)}" '
            f'text-anchor="{anchor}">{escape(marker.label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _legend(chart: Chart, width: int) -> str:
    if len(chart.series) < 2:
        return ""
    items = []
    x = _LEFT + 8
    y = _TOP + 14
    for series in chart.series:
        dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
        items.append(
            f'<line x1="{x}" x2="{x + 22}" y1="{y - 4}" y2="{y - 4}" stroke="{series.color}" '
            f'stroke-width="2.5"{dash}/>'
            f'<text class="w-legend" x="{x + 28}" y="{y}">{escape(series.name)}</text>'
        )
        y += 16
    return "".join(items)


def sample_log(lo: float, hi: float, count: int) -> list[float]:
    """`count` points evenly spaced on a log scale from lo to hi inclusive."""
    if count < 2:
        return [lo]
    a, b = math.log10(lo), math.log10(hi)
    return [10 ** (a + (b - a) * i / (count - 1)) for i in range(count)]


def palette(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def dash(index: int) -> str:
    return DASHES[index % len(DASHES)]


def bars_svg(
    title: str,
    groups: Sequence[tuple[str, Sequence[float]]],
    labels: Sequence[str],
    description: str,
    *,
    width: int = 640,
    row_height: int = 22,
    value_format: Callable[[float], str] = compact,
) -> str:
    """Horizontal grouped bars: one row per group, one bar per label within it."""
    peak = max((v for _, values in groups for v in values), default=1.0) or 1.0
    left = 150
    usable = width - left - 60
    rows = sum(len(values) for _, values in groups) + len(groups)
    height = rows * row_height + 20
    out = [
        f'<svg class="w-chart w-bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}. {escape(description)}" xmlns="http://www.w3.org/2000/svg" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    y = 10
    for group, values in groups:
        out.append(f'<text class="w-group" x="0" y="{y + 14}">{escape(group)}</text>')
        y += row_height
        for i, value in enumerate(values):
            length = max(value / peak * usable, 0)
            out.append(
                f'<text class="w-tick" x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(labels[i])}</text>'
                f'<rect x="{left}" y="{y + 3}" width="{_f(length)}" height="{row_height - 6}" fill="{palette(i)}"/>'
                f'<text class="w-tick" x="{_f(left + length + 4)}" y="{y + 14}">{escape(value_format(value))}</text>'
            )
            y += row_height
    out.append("</svg>")
    return "".join(out)
