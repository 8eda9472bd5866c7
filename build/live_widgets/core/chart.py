"""One shared way to draw charts as SVG, identical at build time and in the browser.

A chart is data (axes, series, markers, bands) rendered by `render_chart`. Colours
come from the Okabe-Ito palette, which stays distinguishable with colour-blindness.
SVGs carry no ids, so several widgets can share one page.

Legible at every width: an SVG scales its text with its viewBox, so one drawing cannot
serve both a 264 px phone frame and a 640 px column. Every chart is therefore drawn
twice, for the two `LAYOUTS`: a wide drawing (class `w-wide`) and a narrow one
(`w-narrow`: narrower viewBox, larger text, fewer ticks, legend below). The figure is
a CSS size container and widgets.css shows the drawing made for its width, so chart
text never renders below `MIN_TEXT_PX`. A custom SVG follows the same rule: draw once
per layout with `svg_open(layout, ...)`, or draw at one CSS pixel per unit (`w-fixed`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from typing import Literal

from live_widgets.core.format import compact

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
DASHES = ("", "6 4", "2 3", "8 3 2 3")

MIN_TEXT_PX = 11.0
"""No chart text may render smaller than this many CSS pixels."""
MIN_FIGURE_PX = 260.0
"""The narrowest figure the book supports: a 320 px embed frame leaves about 264 px."""
NARROW_BELOW_PX = 590.0
"""Figures narrower than this show the narrow drawings (widgets.css, @container)."""
NARROW_MAX_PX = 380.0
"""Narrow drawings grow no wider than this (widgets.css), so their text stays modest."""
WIDE_MAX_PX = 800.0
"""Nor do wide ones grow wider than this, in a wide embed frame."""


@dataclass(frozen=True)
class Layout:
    """One drawing of a figure, for figures between `min_px` and `max_px` CSS px wide.

    Text is `font_size` viewBox units high; shown `min_px` wide it is smallest.
    """

    name: Literal["wide", "narrow"]
    width: int
    font_size: float
    min_px: float
    max_px: float

    @property
    def css_class(self) -> str:
        return f"w-{self.name}"

    @property
    def narrow(self) -> bool:
        return self.name == "narrow"

    def smallest_text_px(self) -> float:
        """The rendered size of this layout's text at the narrowest width it is shown."""
        return self.font_size * self.min_px / self.width


WIDE = Layout("wide", 640, 12.0, min_px=NARROW_BELOW_PX, max_px=WIDE_MAX_PX)
NARROW = Layout("narrow", 300, 13.0, min_px=MIN_FIGURE_PX, max_px=NARROW_MAX_PX)
LAYOUTS = (WIDE, NARROW)

CHAR_EM = 0.6
"""A generous average glyph width (in em) for fitting labels without measuring them."""


def text_width(text: str, font_size: float) -> float:
    """About how wide `text` renders at `font_size` (over-estimates, to be safe)."""
    return CHAR_EM * font_size * len(text)


def svg_open(
    layout: Layout,
    height: float,
    title: str,
    *,
    classes: str = "",
    attrs: str = "",
    width: float | None = None,
    font_size: float | None = None,
) -> str:
    """The opening <svg> of one layout's drawing: an image named by its <title> alone.

    Its text alternative is the figure's caption (view.py `Figure.alt`), shown to
    everyone and read once: the drawing does not say it again (an aria-label of title
    and description, with the <title> exposed as its description besides, had a
    screen reader read the title three times and the description twice).
    A drawing `width` units wide (default: the layout's) is scaled to the same figure
    widths, so its font grows with it unless `font_size` says otherwise.
    """
    names = " ".join(part for part in ("w-chart", classes, layout.css_class) if part)
    width = width or layout.width
    font_size = font_size or layout.font_size * width / layout.width
    return (
        f'<svg class="{names}" viewBox="0 0 {_f(width)} {_f(height)}" '
        f'role="img"{attrs} '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{_f(font_size)}">'
        f"<title>{escape(title)}</title>"
    )


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
    """A span of x shaded (or not) and labelled above the plot: every band by its `label`
    where each label can be shown, else every band by its `short`, so one drawing never
    mixes 'LB' with '5'. A text wider than its band is shown if it stays clear of its
    neighbours' (`_placed`); a band with no room at all stays unlabelled."""

    x0: float
    x1: float
    label: str
    shade: bool
    short: str = ""


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
_NARROW_PLOT_HEIGHT = 190


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


def _thin(labels: list[tuple[float, str]], room: Callable[[str], float]) -> list[tuple[float, str]]:
    """Every k-th label, for the smallest k at which neighbours no longer touch
    (`room(text)` is the space a label needs along the axis)."""
    for stride in range(1, len(labels) + 1):
        kept = labels[::stride]
        if all(abs(b[0] - a[0]) >= (room(a[1]) + room(b[1])) / 2 + 4 for a, b in pairwise(kept)):
            return kept
    return labels[:1]


@dataclass(frozen=True)
class _Frame:
    """Where a layout puts the plot of one chart."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    font: float

    legend: float = 0.0
    """Room for the legend below the axis label (narrow layout)."""

    @property
    def base(self) -> float:
        """The x axis's y: the plot's bottom edge."""
        return self.height - self.bottom - self.legend


def _left_margin(chart: Chart, font: float, target: int) -> int:
    """Room left of the plot for the rotated axis title and the widest y tick label."""
    widest = max((len(chart.y.tick_format(v)) for v in ticks(chart.y, target)), default=1)
    return round(font * 1.3 + 6 + CHAR_EM * font * widest + 6)


def _frame(chart: Chart, layout: Layout) -> _Frame:
    if not layout.narrow:
        font = layout.font_size * chart.width / layout.width
        # Wider than usual only for long tick labels ('$1,000' met the axis title).
        left = max(_LEFT, _left_margin(chart, font, 6))
        return _Frame(chart.width, chart.height, left, _RIGHT, _TOP, _BOTTOM, font)
    font = layout.font_size
    left = _left_margin(chart, font, 4)
    last_x = chart.x.tick_format(chart.x.maximum)
    right = max(10, round(text_width(last_x, font) / 2) + 2)
    top = round(font + 14) if chart.bands else round(font + 4)
    bottom = round(font * 3.4 + 8)
    legend = _legend_height(chart, layout, font)
    height = top + _NARROW_PLOT_HEIGHT + bottom + legend
    return _Frame(layout.width, height, left, right, top, bottom, font, legend)


_OVERFLOW_AT_MOST = 2.0
"""The widest text (in font heights, padding included) that may overflow its band."""


def _band_labels(
    bands: tuple[Band, ...], spans: list[tuple[float, float]], font: float, width: float
) -> list[str]:
    """Each band's text in this drawing: all labels, or all shorts (see `Band`)."""
    labels = _placed([band.label for band in bands], spans, font, width)
    shorts = _placed([band.short or band.label for band in bands], spans, font, width)
    # Labels, unless a band that could show its short would then show nothing.
    if all(label or not short for label, short in zip(labels, shorts, strict=True)):
        return labels
    return shorts


def _placed(
    texts: list[str], spans: list[tuple[float, float]], font: float, width: float
) -> list[str]:
    """The texts shown, each centred over its band: every text that fits its band, then,
    left to right, each short one (a stage's number) that overflows its band into the
    space beside it without touching a text already shown or leaving the drawing: a
    stage narrower than its number still shows it. A longer text centred over a sliver
    would read as the neighbours' label, so it must fit its band."""
    centres = [(x0 + x1) / 2 for x0, x1 in spans]
    widths = [text_width(text, font) + 4 if text else 0.0 for text in texts]
    shown = [
        text if text and size <= x1 - x0 else ""
        for text, size, (x0, x1) in zip(texts, widths, spans, strict=True)
    ]
    for i, text in enumerate(texts):
        if shown[i] or not text or widths[i] > _OVERFLOW_AT_MOST * font:
            continue
        half = widths[i] / 2
        inside = half <= centres[i] <= width - half
        clear = all(
            abs(centres[i] - centres[j]) >= half + widths[j] / 2
            for j in range(len(texts))
            if shown[j]
        )
        if inside and clear:
            shown[i] = text
    return shown


def render_chart(chart: Chart) -> str:
    """The chart as SVG (an image named by its title; see `svg_open`), once per layout:
    the page shows the drawing made for the figure's width (see the module docstring)."""
    return "".join(_draw(chart, layout) for layout in LAYOUTS)


def _draw(chart: Chart, layout: Layout) -> str:
    fr = _frame(chart, layout)
    w, h, font = fr.width, fr.height, fr.font
    sx = _scaler(chart.x, fr.left, w - fr.right)
    sy = _scaler(chart.y, fr.base, fr.top)
    out: list[str] = [svg_open(layout, h, chart.title, width=w, font_size=font)]
    spans = [(sx(band.x0), sx(band.x1)) for band in chart.bands]
    labels = _band_labels(chart.bands, spans, font, w)
    for band, (x0, x1), label in zip(chart.bands, spans, labels, strict=True):
        if band.shade:
            out.append(
                f'<rect class="w-band" x="{_f(x0)}" y="{_f(fr.top)}" width="{_f(x1 - x0)}" '
                f'height="{_f(fr.base - fr.top)}"/>'
            )
        if label:
            out.append(
                f'<text class="w-band-label" x="{_f((x0 + x1) / 2)}" y="{_f(fr.top - 8)}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    target = 3 if layout.narrow else 6
    x_labels = [(sx(v), chart.x.tick_format(v)) for v in ticks(chart.x, target)]
    if layout.narrow:
        x_labels = _thin(x_labels, lambda text: text_width(text, font))
        # The finer grid of the wide layout where its lines include every label's, else
        # the labels' own: lines at 20, 40, 50, 60, 80 would space the grid unevenly.
        fine = {_f(sx(v)) for v in ticks(chart.x)}
        labelled = {_f(x) for x, _ in x_labels}
        grid = sorted(fine if labelled <= fine else labelled, key=float)
    else:
        grid = [_f(x) for x, _ in x_labels]
    for x_text in grid:
        out.append(
            f'<line class="w-grid" x1="{x_text}" x2="{x_text}" y1="{_f(fr.top)}" y2="{_f(fr.base)}"/>'
        )
    for x, text in x_labels:
        if layout.narrow:  # a long label at either end stays inside the drawing
            x = _fit_centre(x, text_width(text, font), w)
        out.append(
            f'<text class="w-tick" x="{_f(x)}" y="{_f(fr.base + font + 4)}" text-anchor="middle">'
            f"{escape(text)}</text>"
        )
    y_labels = [(sy(v), chart.y.tick_format(v)) for v in ticks(chart.y, 4 if layout.narrow else 6)]
    if layout.narrow:
        y_labels = _thin(y_labels, lambda _: font)
    for y, text in y_labels:
        out.append(
            f'<line class="w-grid" x1="{_f(fr.left)}" x2="{_f(w - fr.right)}" y1="{_f(y)}" '
            f'y2="{_f(y)}"/>'
            f'<text class="w-tick" x="{_f(fr.left - 6)}" y="{_f(y + font / 3)}" text-anchor="end">'
            f"{escape(text)}</text>"
        )
    x_label_x = _fit_centre((fr.left + w - fr.right) / 2, text_width(chart.x.label, font), w)
    y_label_x = 14 if not layout.narrow else round(font * 1.1)
    out.append(
        f'<line class="w-axis" x1="{_f(fr.left)}" x2="{_f(w - fr.right)}" y1="{_f(fr.base)}" '
        f'y2="{_f(fr.base)}"/>'
        f'<line class="w-axis" x1="{_f(fr.left)}" x2="{_f(fr.left)}" y1="{_f(fr.top)}" '
        f'y2="{_f(fr.base)}"/>'
        f'<text class="w-axis-label" x="{_f(x_label_x)}" '
        f'y="{_f(fr.base + fr.bottom - 12 if not layout.narrow else fr.base + font * 2.4 + 6)}" '
        f'text-anchor="middle">{escape(chart.x.label)}</text>'
        f'<text class="w-axis-label" transform="translate({y_label_x} '
        f'{_f((fr.base + fr.top) / 2)}) rotate(-90)" '
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
    out.append(_legend(chart, layout, fr))
    for marker in chart.markers:
        out.append(_marker(marker, sx(marker.x), sy(marker.y), fr, layout))
    out.append("</svg>")
    return "".join(out)


def _fit_centre(centre: float, width: float, limit: float) -> float:
    """A centre for text `width` wide near `centre` that keeps it inside 0..limit."""
    half = width / 2
    return min(max(centre, half + 2), max(limit - half - 2, half + 2))


def _marker(marker: Marker, x: float, y: float, fr: _Frame, layout: Layout) -> str:
    circle = (
        f'<circle class="w-marker" cx="{_f(x)}" cy="{_f(y)}" r="6" fill="{marker.color}" '
        'stroke="#fff" stroke-width="2"/>'
    )
    if not layout.narrow:
        anchor = "end" if x > fr.width * 0.7 else "start"
        tx, ty = x + (-10 if anchor == "end" else 10), y - 10
    else:
        width = text_width(marker.label, fr.font)
        if x + 10 + width <= fr.width - 2:
            anchor, tx = "start", x + 10
        elif x - 10 - width >= 2:
            anchor, tx = "end", x - 10
        else:
            anchor, tx = "middle", _fit_centre(x, width, fr.width)
        ty = y - 10 if y - 10 - fr.font >= 2 else y + 10 + fr.font
    return f"{circle}{_label_backdrop(marker.label, tx, ty, anchor, fr.font)}" + (
        f'<text class="w-marker-label" x="{_f(tx)}" y="{_f(ty)}" '
        f'text-anchor="{anchor}">{escape(marker.label)}</text>'
    )


def _label_backdrop(label: str, tx: float, ty: float, anchor: str, font: float) -> str:
    """A box of the background colour behind a point label (widgets.css): the text's
    halo stops a line short of each letter, but a line passing through the gaps between
    words made a label such as "100 req/s at 90%" read as struck out."""
    width = text_width(label, font) * 0.9  # text_width over-estimates; this stays generous
    left = {"start": tx, "end": tx - width, "middle": tx - width / 2}[anchor]
    return (
        f'<rect class="w-label-backdrop" x="{_f(left - 2)}" y="{_f(ty - font * 0.85)}" '
        f'width="{_f(width + 4)}" height="{_f(font * 1.15)}" rx="2"/>'
    )


_SWATCH = 22


def _legend_rows(chart: Chart, layout: Layout, font: float) -> list[list[Series]]:
    """The legend's rows: one series each when wide, as many as fit when narrow."""
    if len(chart.series) < 2:
        return []
    if not layout.narrow:
        return [[series] for series in chart.series]
    rows: list[list[Series]] = [[]]
    used = 0.0
    for series in chart.series:
        width = _SWATCH + 6 + text_width(series.name, font) + 12
        if rows[-1] and used + width > layout.width - 4:
            rows.append([])
            used = 0.0
        rows[-1].append(series)
        used += width
    return rows


def _legend_height(chart: Chart, layout: Layout, font: float) -> float:
    return round(len(_legend_rows(chart, layout, font)) * font * 1.5)


def _legend(chart: Chart, layout: Layout, fr: _Frame) -> str:
    items = []
    font = fr.font
    if layout.narrow:
        x0, y = 4.0, fr.base + fr.bottom + font * 1.1
        step = font * 1.5
    else:
        x0, y = fr.left + 8, fr.top + font + 2
        step = round(font * 4 / 3)
    for row in _legend_rows(chart, layout, font):
        x = x0
        for series in row:
            dash = f' stroke-dasharray="{series.dash}"' if series.dash else ""
            items.append(
                f'<line x1="{_f(x)}" x2="{_f(x + _SWATCH)}" y1="{_f(y - font / 3)}" '
                f'y2="{_f(y - font / 3)}" stroke="{series.color}" stroke-width="2.5"{dash}/>'
                f'<text class="w-legend" x="{_f(x + _SWATCH + 6)}" y="{_f(y)}">'
                f"{escape(series.name)}</text>"
            )
            x += _SWATCH + 6 + text_width(series.name, font) + 12
        y += step
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
    *,
    width: int = 640,
    row_height: int = 22,
    value_format: Callable[[float], str] = compact,
) -> str:
    """Horizontal grouped bars: one row per group, one bar per label within it; drawn
    once per layout (narrow: each bar under its label and value)."""
    peak = max((v for _, values in groups for v in values), default=1.0) or 1.0
    out: list[str] = []
    for layout in LAYOUTS:
        if not layout.narrow:
            out.append(_bars_wide(title, groups, labels, peak, width, row_height, value_format))
        else:
            out.append(_bars_narrow(title, groups, labels, peak, value_format))
    return "".join(out)


def _bars_wide(
    title: str,
    groups: Sequence[tuple[str, Sequence[float]]],
    labels: Sequence[str],
    peak: float,
    width: int,
    row_height: int,
    value_format: Callable[[float], str],
) -> str:
    left = 150
    usable = width - left - 60
    rows = sum(len(values) for _, values in groups) + len(groups)
    height = rows * row_height + 20
    font = WIDE.font_size * width / WIDE.width
    out = [svg_open(WIDE, height, title, classes="w-bars", width=width, font_size=font)]
    y = 10
    for group, values in groups:
        out.append(f'<text class="w-group" x="2" y="{y + 14}">{escape(group)}</text>')
        y += row_height
        for i, value in enumerate(values):
            length = max(value / peak * usable, 0)
            out.append(
                f'<text class="w-tick" x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(labels[i])}</text>'
                f'<rect class="w-bar" x="{left}" y="{y + 3}" width="{_f(length)}" height="{row_height - 6}" fill="{palette(i)}"/>'
                f'<text class="w-tick" x="{_f(left + length + 4)}" y="{y + 14}">{escape(value_format(value))}</text>'
            )
            y += row_height
    out.append("</svg>")
    return "".join(out)


def _bars_narrow(
    title: str,
    groups: Sequence[tuple[str, Sequence[float]]],
    labels: Sequence[str],
    peak: float,
    value_format: Callable[[float], str],
) -> str:
    layout = NARROW
    font, width = layout.font_size, layout.width
    line, bar = font + 4, 10
    body: list[str] = []
    y = 0.0
    for group, values in groups:
        y += line
        body.append(f'<text class="w-group" x="2" y="{_f(y)}">{escape(group)}</text>')
        for i, value in enumerate(values):
            y += line
            length = max(value / peak * width, 0)
            body.append(
                f'<text class="w-tick" x="2" y="{_f(y)}">{escape(labels[i])}</text>'
                f'<text class="w-tick" x="{width - 2}" y="{_f(y)}" text-anchor="end">'
                f"{escape(value_format(value))}</text>"
                f'<rect class="w-bar" x="0" y="{_f(y + 4)}" width="{_f(length)}" height="{bar}" '
                f'fill="{palette(i)}"/>'
            )
            y += bar + 6
    return svg_open(layout, y + 4, title, classes="w-bars") + "".join(body) + "</svg>"
