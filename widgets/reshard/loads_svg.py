"""Keys per shard before and after the change: one small bar panel per scheme and moment.

Rows are the schemes, columns are before (N shards) and after (M shards). All panels
share one vertical scale, so a tall bar means the same number of keys everywhere; a
dashed line marks the mean, K/N before and K/M after. Up to 32 shards each bar has its
shard's colour; with more, a panel is drawn as one filled outline (a histogram) to stay
small.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from live_widgets.core.chart import PALETTE
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


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _panel(
    loads: Sequence[float], x0: float, top: float, peak: float, mean: float, ratio: float
) -> list[str]:
    shards = len(loads)
    base = top + BAR_TOP + BAR_HEIGHT
    step = PANEL_WIDTH / shards
    gap = min(1.0, step * 0.2)

    def height(value: float) -> float:
        return BAR_HEIGHT * value / peak if peak else 0.0

    out = [
        f'<line class="w-axis" x1="{_f(x0)}" x2="{_f(x0 + PANEL_WIDTH)}" '
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
        path = [f"M{_f(x0)} {_f(base)}"]
        for shard, value in enumerate(loads):
            path.append(f"V{_f(base - height(value))}H{_f(x0 + (shard + 1) * step)}")
        path.append(f"V{_f(base)}Z")
        out.append(f'<path d="{"".join(path)}" fill="{PALETTE[0]}"/>')
    mean_y = base - height(mean)
    out.append(
        f'<line class="w-mean" x1="{_f(x0)}" x2="{_f(x0 + PANEL_WIDTH)}" y1="{_f(mean_y)}" '
        f'y2="{_f(mean_y)}" stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 3"/>'
        f'<text class="w-tick" x="{_f(x0 + PANEL_WIDTH)}" y="{_f(top + BAR_TOP - 4)}" '
        f'text-anchor="end">busiest {ratio:.2f}\u00d7 mean</text>'
    )
    return out


def _row_label(result: SchemeResult, top: float) -> list[str]:
    out = [f'<text class="w-group" x="0" y="{_f(top + BAR_TOP + 20)}">{escape(result.name)}</text>']
    if result.sampled:
        out.append(
            f'<text class="w-tick" x="0" y="{_f(top + BAR_TOP + 36)}">'
            f"{compact(result.measured)}-key sample</text>"
        )
    return out


def render_loads(comparison: Comparison, description: str) -> str:
    """Per-shard load bars for every scheme, before and after, as an accessible SVG string."""
    scenario = comparison.scenario
    rows = comparison.schemes
    scaled = [(r.scaled(r.movement.before), r.scaled(r.movement.after)) for r in rows]
    peak = max(max(max(before), max(after)) for before, after in scaled)
    peak = max(peak, scenario.keys / min(scenario.before, scenario.after)) * 1.05
    height = HEADER + ROW_HEIGHT * len(rows)
    title = "Keys per shard, before and after"
    before_x = LABEL_WIDTH
    after_x = LABEL_WIDTH + PANEL_WIDTH + PANEL_GAP
    out = [
        f'<svg class="w-chart w-loads" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}. {escape(description)}" '
        'xmlns="http://www.w3.org/2000/svg" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text class="w-axis-label" x="{_f(before_x + PANEL_WIDTH / 2)}" y="14" '
        f'text-anchor="middle">Before: {scenario.before} shard{"s" if scenario.before > 1 else ""}'
        f" (dashed: mean {compact(scenario.keys / scenario.before)})</text>",
        f'<text class="w-axis-label" x="{_f(after_x + PANEL_WIDTH / 2)}" y="14" '
        f'text-anchor="middle">After: {scenario.after} shard{"s" if scenario.after > 1 else ""}'
        f" (dashed: mean {compact(scenario.keys / scenario.after)})</text>",
    ]
    for index, (result, (before, after)) in enumerate(zip(rows, scaled, strict=True)):
        top = HEADER + index * ROW_HEIGHT
        out.extend(_row_label(result, top))
        out.extend(
            _panel(
                before,
                before_x,
                top,
                peak,
                scenario.keys / scenario.before,
                result.imbalance_before,
            )
        )
        out.extend(
            _panel(after, after_x, top, peak, scenario.keys / scenario.after, result.imbalance)
        )
    out.append("</svg>")
    return "".join(out)
