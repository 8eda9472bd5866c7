"""The ring picture: virtual nodes as coloured ticks, sample keys as dots, moved keys marked.

Angles run clockwise from 12 o'clock: position p of 2**64 is at angle 360 * p / 2**64.
The ring drawn is the one after the change (M shards): each shard is one
`<g data-shard="s">` holding its ticks and the sample keys it owns, and the <svg>
carries `data-shards="M"`, so the shards can be counted. The key (counts, shard
colours, what the marks mean) is a second <svg> beside the ring: both are drawn at one
CSS pixel per unit (`w-fixed`), so the key's text keeps its size on any screen and
the key moves under the ring when the two do not fit side by side. Keys whose ring shard changed
have class `w-moved` (CSS may animate them; the SVG itself is static) and an outline in
their old shard's colour. Removed shards (when M < N) are drawn faint, as
paths with `data-removed-shard="s"` in a `<g class="w-removed">`. New shards' groups
also have class `w-new`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from live_widgets.core.chart import text_width
from widgets.reshard.hashing import RING_BITS, shard_vnode_positions
from widgets.reshard.limits import RING_TICK_BUDGET
from widgets.reshard.model import KeyDot, Scenario
from widgets.reshard.palette import mark, shard_colour, shard_cycle, shard_shape

WIDTH, HEIGHT = 370, 370
CX, CY, RADIUS = 185.0, 185.0, 150.0
KEY_WIDTH, KEY_FONT, KEY_LINE = 250, 12, 16
"""The key: at one CSS px per unit its text is KEY_FONT px (>= chart.MIN_TEXT_PX)."""
DOT_RADII = (RADIUS - 26, RADIUS - 40, RADIUS - 54)
"""Sample keys sit on three inner tracks so neighbouring dots overlap less."""
TICK_SPANS = ((-7.0, 7.0), (2.0, 16.0), (-16.0, -2.0), (-10.0, 18.0))
"""Tick extent (inner, outer offset from the ring) for each pass through the palette."""


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _point(position: int, radius: float) -> tuple[float, float]:
    angle = 2 * math.pi * position / (1 << RING_BITS)
    return CX + radius * math.sin(angle), CY - radius * math.cos(angle)


def ticks_per_shard(shards: int, vnodes: int) -> int:
    """How many virtual nodes per shard are drawn: all of them, or the budget shared out
    among the `shards` shards drawn (kept and removed)."""
    return min(vnodes, max(1, RING_TICK_BUDGET // shards))


@dataclass(frozen=True)
class RingCounts:
    """What the picture's caption and alt text say."""

    dots: int
    ring_moved: int
    modulo_moved: int
    ticks_drawn: int
    capped: bool


def ring_counts(scenario: Scenario, dots: tuple[KeyDot, ...]) -> RingCounts:
    drawn = ticks_per_shard(max(scenario.before, scenario.after), scenario.vnodes)
    return RingCounts(
        dots=len(dots),
        ring_moved=sum(dot.ring_moves for dot in dots),
        modulo_moved=sum(dot.modulo_moves for dot in dots),
        ticks_drawn=drawn,
        capped=drawn < scenario.vnodes,
    )


def _tick_path(shard: int, count: int) -> str:
    inner, outer = TICK_SPANS[shard_cycle(shard)]
    parts = []
    for position in shard_vnode_positions(shard, count):
        x0, y0 = _point(position, RADIUS + inner)
        x1, y1 = _point(position, RADIUS + outer)
        parts.append(f"M{x0:.0f} {y0:.0f}l{x1 - x0:.0f} {y1 - y0:.0f}")
    return "".join(parts)


def _dot(dot: KeyDot, index: int) -> str:
    x, y = _point(dot.position, DOT_RADII[index % len(DOT_RADII)])
    shape = shard_shape(dot.ring_after)
    if dot.ring_moves:
        title = f"{dot.name}: moved, shard {dot.ring_before} \u2192 {dot.ring_after}"
        attrs = (
            f'class="w-dot w-moved" data-from="{dot.ring_before}" '
            f'fill="{shard_colour(dot.ring_after)}" stroke="{shard_colour(dot.ring_before)}"'
        )
        return mark(shape, x, y, 6.0, attrs, escape(title))
    title = f"{dot.name}: shard {dot.ring_after}"
    attrs = f'class="w-dot" fill="{shard_colour(dot.ring_after)}"'
    return mark(shape, x, y, 4.0, attrs, escape(title))


def _wrap(text: str, width: float) -> list[str]:
    """`text` in lines that fit `width` key units."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", KEY_FONT) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _key(scenario: Scenario, counts: RingCounts) -> str:
    """The ring's key: counts, one entry per shard (up to 16), what the marks mean."""
    x, width = 2, KEY_WIDTH - 4
    out: list[str] = []
    said: list[str] = []
    y = 0

    def lines(text: str, indent: int = 0, gap: int = 0) -> None:
        nonlocal y
        said.append(text)
        y += gap
        for line in _wrap(text, width - indent):
            y += KEY_LINE
            out.append(f'<text class="w-legend" x="{x + indent}" y="{y}">{escape(line)}</text>')

    lines(f"Ring: {counts.ring_moved} of {counts.dots} keys moved")
    lines(f"Modulo would move {counts.modulo_moved}")
    lines(
        f"{_plural(scenario.after, 'shard')}, {_plural(scenario.vnodes, 'virtual node')} each",
        gap=8,
    )
    if counts.capped:
        lines(f"ticks: first {counts.ticks_drawn} per shard drawn")
    y += 6
    if scenario.after <= 16:
        columns = 1 if scenario.after <= 8 else 2
        rows = math.ceil(scenario.after / columns)
        for shard in range(scenario.after):
            column, row = divmod(shard, rows)
            left, base = x + column * (width // 2), y + (row + 1) * KEY_LINE
            new = " (new)" if shard >= scenario.before else ""
            out.append(
                mark(shard_shape(shard), left + 5, base - 4, 4.5, f'fill="{shard_colour(shard)}"')
                + f'<text class="w-legend" x="{left + 16}" y="{base}">shard {shard}{new}</text>'
            )
        said.append(f"{_plural(scenario.after, 'shard')} in their colours")
        y += rows * KEY_LINE
    else:
        lines(
            "Colours repeat every 8 shards; dot shape and tick placement change with each "
            "repeat. Hover a dot for its shard."
        )
    if scenario.before > scenario.after:
        first, last = scenario.after, scenario.before - 1
        removed = f"shard {first}" if first == last else f"shards {first}\u2013{last}"
        lines(f"Faint dashed ticks: removed {removed}", gap=8)
    out.append(
        mark(
            "circle",
            x + 5,
            y + 8 + KEY_LINE - 4,
            6.0,
            'fill="none" stroke="currentColor" stroke-width="3"',
        )
    )
    lines("Moved key (outline: its old shard's colour)", indent=16, gap=8)
    title = "Key to the ring"
    height = y + 8
    return (
        f'<svg class="w-chart w-ring-key w-fixed" width="{KEY_WIDTH}" '
        f'viewBox="0 0 {KEY_WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}. {escape(". ".join(said))}." '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{KEY_FONT}">'
        f"<title>{title}</title>{''.join(out)}</svg>"
    )


def render_ring(scenario: Scenario, dots: tuple[KeyDot, ...], description: str) -> str:
    """The ring after the change and its key, as two accessible SVGs."""
    counts = ring_counts(scenario, dots)
    title = f"Ring after going from {scenario.before} to {scenario.after} shards"
    out = [
        f'<svg class="w-chart w-ring w-fixed" width="{WIDTH}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'role="img" '
        f'aria-label="{escape(title)}. {escape(description)}" data-shards="{scenario.after}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<circle class="w-axis" cx="{_f(CX)}" cy="{_f(CY)}" r="{_f(RADIUS)}" fill="none" '
        'stroke="currentColor" stroke-opacity="0.5"/>',
    ]
    if scenario.before > scenario.after:
        out.append('<g class="w-removed" opacity="0.35" stroke-width="1.5" stroke-dasharray="2 2">')
        for shard in range(scenario.after, scenario.before):
            out.append(
                f'<path data-removed-shard="{shard}" stroke="{shard_colour(shard)}" '
                f'd="{_tick_path(shard, counts.ticks_drawn)}"/>'
            )
        out.append("</g>")
    by_shard: dict[int, list[str]] = {}
    for index, dot in enumerate(dots):
        by_shard.setdefault(dot.ring_after, []).append(_dot(dot, index))
    out.append('<g stroke-width="2.5">')
    for shard in range(scenario.after):
        new = " w-new" if shard >= scenario.before else ""
        out.append(
            f'<g class="w-shard{new}" data-shard="{shard}">'
            f'<path d="{_tick_path(shard, counts.ticks_drawn)}" stroke="{shard_colour(shard)}"/>'
            f"{''.join(by_shard.get(shard, []))}</g>"
        )
    out.append("</g>")
    out.append("</svg>")
    out.append(_key(scenario, counts))
    return "".join(out)
