"""Keys per shard before and after the change: one small bar panel per scheme and moment.

Rows are the schemes, columns are before (N shards) and after (M shards). All panels
share one vertical scale, so a tall bar means the same number of keys everywhere; a
dashed line marks the mean, K/N before and K/M after. Up to 32 shards each bar has its
shard's colour; with more, a panel is drawn as one filled outline (a histogram) to stay
small. It is drawn once per chart layout (live_widgets.core.chart.LAYOUTS): wide, with
the scheme names in a column on the left, and narrow, with each name above its panels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from live_widgets.core.chart import LAYOUTS, PALETTE, Layout, svg_open
from live_widgets.core.format import compact
from widgets.reshard.model import Comparison, SchemeResult
from widgets.reshard.palette import shard_colour

WIDTH = 640
LABEL_WIDTH = 96
PANEL_WIDTH = 262
PANEL_GAP = 14
HEADER = 24
ROW_HEIGHT = 74
BAR_TOP = 16
BAR_HEIGHT = 48
COLOURED_BARS_UP_TO = 32


@dataclass(frozen=True)
class _Grid:
    """Where one layout puts the panels: columns at `before_x`/`after_x`, rows from
    `header` down, each row's bars `bar_top` below its top and `bar_height` tall."""

    before_x: float
    after_x: float
    panel_width: float
    header: float
    row_height: float
    bar_top: float
    bar_height: float


_WIDE = _Grid(
    LABEL_WIDTH, LABEL_WIDTH + PANEL_WIDTH + PANEL_GAP, PANEL_WIDTH, HEADER, ROW_HEIGHT,
    BAR_TOP, BAR_HEIGHT,
)  # fmt: skip
_NARROW = _Grid(0, 156, 144, 46, 92, 38, 44)


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _panel(
    loads: Sequence[float],
    x0: float,
    top: float,
    grid: _Grid,
    peak: float,
    mean: float,
    ratio: float,
) -> list[str]:
    shards = len(loads)
    width = grid.panel_width
    base = top + grid.bar_top + grid.bar_height
    step = width / shards
    gap = min(1.0, step * 0.2)

    def height(value: float) -> float:
        return grid.bar_height * value / peak if peak else 0.0

    out = [
        f'<line class="w-axis" x1="{_f(x0)}" x2="{_f(x0 + width)}" '
        f'y1="{_f(base)}" y2="{_f(base)}" stroke="currentColor"/>'
    ]
    if shards <= COLOURED_BARS_UP_TO:
        for shard, value in enumerate(loads):
            out.append(
                f'<rect x="{_f(x0 + shard * step + gap / 2)}" y="{_f(base - height(value))}" '
                f'width="{_f(step - gap)}" height="{_f(height(value))}" '
                f'fill="{shard_colour(shard)}"/>'
            )
    else:
        # in the panel's own coordinates (short numbers: a 128-shard panel stays small)
        local = grid.bar_top + grid.bar_height
        path = [f"M0 {_f(local)}"]
        for shard, value in enumerate(loads):
            path.append(f"V{_f(local - height(value))}H{_f((shard + 1) * step)}")
        path.append(f"V{_f(local)}Z")
        out.append(
            f'<path transform="translate({_f(x0)} {_f(top)})" d="{"".join(path)}" '
            f'fill="{PALETTE[0]}"/>'
        )
    mean_y = base - height(mean)
    out.append(
        f'<line class="w-mean" x1="{_f(x0)}" x2="{_f(x0 + width)}" y1="{_f(mean_y)}" '
        f'y2="{_f(mean_y)}" stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 3"/>'
        f'<text class="w-tick" x="{_f(x0 + width)}" y="{_f(top + grid.bar_top - 4)}" '
        f'text-anchor="end">busiest {ratio:.2f}\u00d7 mean</text>'
    )
    return out


def _row_label(result: SchemeResult, top: float, layout: Layout) -> list[str]:
    sample = f"{compact(result.measured)}-key sample"
    if layout.narrow:
        note = f'<tspan class="w-tick"> ({sample})</tspan>' if result.sampled else ""
        return [
            f'<text class="w-group" x="2" y="{_f(top + 14)}">{escape(result.name)}{note}</text>'
        ]
    out = [f'<text class="w-group" x="2" y="{_f(top + BAR_TOP + 20)}">{escape(result.name)}</text>']
    if result.sampled:
        out.append(f'<text class="w-tick" x="2" y="{_f(top + BAR_TOP + 36)}">{sample}</text>')
    return out


def _shards(count: int) -> str:
    return f"{count} shard{'s' if count > 1 else ''}"


def _header(comparison: Comparison, layout: Layout, grid: _Grid) -> list[str]:
    s = comparison.scenario
    before_mean, after_mean = compact(s.keys / s.before), compact(s.keys / s.after)
    if not layout.narrow:
        return [
            f'<text class="w-axis-label" x="{_f(grid.before_x + grid.panel_width / 2)}" y="14" '
            f'text-anchor="middle">Before: {_shards(s.before)} (dashed: mean {before_mean})</text>',
            f'<text class="w-axis-label" x="{_f(grid.after_x + grid.panel_width / 2)}" y="14" '
            f'text-anchor="middle">After: {_shards(s.after)} (dashed: mean {after_mean})</text>',
        ]
    return [
        f'<text class="w-axis-label" x="{_f(grid.before_x + 2)}" y="14">Before: {_shards(s.before)}</text>',
        f'<text class="w-axis-label" x="{_f(grid.after_x)}" y="14">After: {_shards(s.after)}</text>',
        f'<text class="w-tick" x="2" y="31">Dashed: mean, {before_mean} before, '
        f"{after_mean} after</text>",
    ]


def _draw(
    comparison: Comparison,
    scaled: Sequence[tuple[Sequence[float], Sequence[float]]],
    peak: float,
    layout: Layout,
) -> str:
    scenario = comparison.scenario
    rows = comparison.schemes
    grid = _NARROW if layout.narrow else _WIDE
    height = grid.header + grid.row_height * len(rows)
    out = [svg_open(layout, height, "Keys per shard, before and after", classes="w-loads")]
    out.extend(_header(comparison, layout, grid))
    for index, (result, (before, after)) in enumerate(zip(rows, scaled, strict=True)):
        top = grid.header + index * grid.row_height
        out.extend(_row_label(result, top, layout))
        mean_before, mean_after = scenario.keys / scenario.before, scenario.keys / scenario.after
        out.extend(
            _panel(before, grid.before_x, top, grid, peak, mean_before, result.imbalance_before)
        )
        out.extend(_panel(after, grid.after_x, top, grid, peak, mean_after, result.imbalance))
    out.append("</svg>")
    return "".join(out)


def render_loads(comparison: Comparison) -> str:
    """Per-shard load bars for every scheme, before and after, as SVG (one drawing per
    layout; its text alternative is the figure's caption)."""
    scenario = comparison.scenario
    scaled = [(r.scaled(r.movement.before), r.scaled(r.movement.after)) for r in comparison.schemes]
    peak = max(max(max(before), max(after)) for before, after in scaled)
    peak = max(peak, scenario.keys / min(scenario.before, scenario.after)) * 1.05
    return "".join(_draw(comparison, scaled, peak, layout) for layout in LAYOUTS)
