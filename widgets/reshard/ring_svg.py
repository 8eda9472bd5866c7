"""The ring picture: the same sample keys on the ring before and after the change.

Two rings side by side (one under the other on a narrow screen), then a key. Each ring
is one <svg> drawn at one CSS pixel per unit (`w-fixed`, RING_WIDTH px wide, text
TITLE_FONT px), so nothing in it ever renders below 11 px. On each ring:

- short coloured marks across the circle are the shards' points (virtual nodes); a key
  belongs to the first point clockwise from it. At most RING_TICK_BUDGET points are
  drawn per ring (the same first points of each shard on both rings).
- each sample key is a dot at its own angle (angles run clockwise from 12 o'clock:
  position p of 2**64 is at 360 * p / 2**64 degrees), in its shard's colour and shape.
  It sits at the same place on both rings, so a reader can look from one to the other;
  keys that change shard are ringed on both (class `w-moved`).
- shards that exist on one side only are drawn faint and dashed on the other: the
  shards about to be added on the before ring, the removed ones on the after ring.

The after ring's <svg> carries `data-shards="M"` and one `<g data-shard="s">` per
shard; the before ring's carries `data-shards-before="N"` and `data-before-shard`.
Every dot is `<g class="w-dot" data-key="user:i">`. Nothing is animated here (CSS may
pulse `.w-moved`, and stops under prefers-reduced-motion).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from live_widgets.core.format import counted
from widgets.reshard.hashing import RING_BITS, shard_vnode_positions
from widgets.reshard.key_svg import KeyBuilder
from widgets.reshard.limits import RING_TICK_BUDGET
from widgets.reshard.model import KeyDot, Scenario
from widgets.reshard.palette import (
    DOT_OUTLINE,
    DOT_SIZE,
    HALO_GAP,
    key_dot,
    mark,
    shard_colour,
    shard_cycle,
    shard_fill,
    shard_shape,
)

RING_WIDTH = 250
"""CSS px: below the 264 px a 320 px embed frame leaves, so a ring never shrinks."""
TITLE_FONT = 13
TOP = 24
"""Room above the ring for its title."""
CX, RADIUS = 125.0, 90.0
CY = TOP + CX
RING_HEIGHT = int(CY + CX)
DOT_RADII = (RADIUS - 22, RADIUS - 34, RADIUS - 46)
"""Sample keys sit on three inner tracks so neighbouring dots overlap less."""
TICK_SPANS = ((-6.0, 6.0), (2.0, 13.0), (-13.0, -2.0), (-8.0, 15.0))
"""A point's mark (inner, outer offset from the circle) for each pass through the palette."""
SHARD_ENTRIES_UP_TO = 16
"""The key names each shard up to this many; beyond, it explains how colours repeat."""


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _shard_range(first: int, last: int) -> str:
    return f"shard {first}" if first == last else f"shards {first}\u2013{last}"


def _point(position: int, radius: float) -> tuple[float, float]:
    angle = 2 * math.pi * position / (1 << RING_BITS)
    return CX + radius * math.sin(angle), CY - radius * math.cos(angle)


def ticks_per_shard(shards: int, vnodes: int) -> int:
    """How many points per shard are drawn: all of them, or the budget shared out among
    the `shards` shards drawn on a ring (kept, added and removed)."""
    return min(vnodes, max(1, RING_TICK_BUDGET // shards))


@dataclass(frozen=True)
class RingCounts:
    """What the key, the caption and the alt text say."""

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


def _dot(dot: KeyDot, index: int, after: bool) -> str:
    x, y = _point(dot.position, DOT_RADII[index % len(DOT_RADII)])
    shard = dot.ring_after if after else dot.ring_before
    if dot.ring_moves:
        title = f"{dot.name}: shard {dot.ring_before} \u2192 {dot.ring_after}"
    else:
        title = f"{dot.name}: shard {shard}"
    return key_dot(x, y, shard, dot.ring_moves, escape(title))


def _ring(
    scenario: Scenario,
    dots: tuple[KeyDot, ...],
    counts: RingCounts,
    paths: list[str],
    after: bool,
) -> str:
    shards = scenario.after if after else scenario.before
    other = scenario.before if after else scenario.after
    moment = "After" if after else "Before"
    title = f"{moment}: {counted(shards, 'shard')}"
    moved = counts.ring_moved
    label = (
        f"{title}. The ring {'after' if after else 'before'} the change, with "
        f"{counts.dots} sample keys; the {moved} that change shard are ringed."
    )
    data = f'data-shards="{shards}"' if after else f'data-shards-before="{shards}"'
    group_attr = "data-shard" if after else "data-before-shard"
    out = [
        f'<svg class="w-chart w-fixed w-ring w-ring-{moment.lower()}" width="{RING_WIDTH}" '
        f'viewBox="0 0 {RING_WIDTH} {RING_HEIGHT}" role="img" aria-label="{escape(label)}" '
        f'{data} xmlns="http://www.w3.org/2000/svg" font-size="{TITLE_FONT}">',
        f'<text class="w-axis-label" x="{_f(CX)}" y="16" text-anchor="middle" '
        f'font-weight="600">{escape(title)}</text>',
        f'<circle class="w-axis" cx="{_f(CX)}" cy="{_f(CY)}" r="{_f(RADIUS)}" fill="none" '
        'stroke="currentColor" stroke-opacity="0.5"/>',
    ]
    if other > shards:  # shards that exist only on the other side: faint and dashed
        kind = "w-removed" if after else "w-added"
        out.append(
            f'<g class="{kind}" opacity="0.4" stroke-width="1.5" stroke-dasharray="2 2" '
            'fill="none">'
        )
        for shard in range(shards, other):
            out.append(
                f'<path data-{"removed" if after else "added"}-shard="{shard}" '
                f'stroke="{shard_colour(shard)}" d="{paths[shard]}"/>'
            )
        out.append("</g>")
    by_shard: dict[int, list[str]] = {}
    for index, dot in enumerate(dots):
        owner = dot.ring_after if after else dot.ring_before
        by_shard.setdefault(owner, []).append(_dot(dot, index, after))
    out.append('<g stroke-width="2" fill="none">')
    for shard in range(shards):
        new = " w-new" if after and shard >= scenario.before else ""
        inside = by_shard.get(shard)
        keys = f"<g {shard_fill(shard)} {DOT_OUTLINE}>{''.join(inside)}</g>" if inside else ""
        out.append(
            f'<g class="w-shard{new}" {group_attr}="{shard}" stroke="{shard_colour(shard)}">'
            f'<path d="{paths[shard]}"/>{keys}</g>'
        )
    out.append("</g></svg>")
    return "".join(out)


def _plain_dot() -> str:
    return mark("circle", 0, 0, DOT_SIZE, 'fill="none" stroke="currentColor" stroke-width="1.5"')


def moved_glyph() -> str:
    """The legend's example of a key that changes shard: a ringed dot."""
    return (
        f'<circle r="{_f(DOT_SIZE + HALO_GAP + 1)}" fill="none" stroke="currentColor" '
        'stroke-width="1.8"/>' + _plain_dot()
    )


def shard_entries(scenario: Scenario) -> list[tuple[str, str]]:
    """One legend entry per shard on either side: its dot and its number, marked new or
    removed."""
    entries = []
    for shard in range(max(scenario.before, scenario.after)):
        note = ""
        if shard >= scenario.before:
            note = " (new)"
        elif shard >= scenario.after:
            note = " (removed)"
        glyph = mark(
            shard_shape(shard),
            0,
            0,
            DOT_SIZE + 0.5,
            f'fill="{shard_colour(shard)}" stroke="currentColor" stroke-width="0.8"',
        )
        entries.append((glyph, f"shard {shard}{note}"))
    return entries


def _key(scenario: Scenario, counts: RingCounts) -> str:
    key = KeyBuilder("Key to the rings")
    same = scenario.before == scenario.after
    key.text(f"{counts.dots} sample keys, user:0 to user:{counts.dots - 1}", bold=True)
    if same:
        key.text("Same number of shards: no key moves.")
    else:
        key.text(
            f"On the ring {counts.ring_moved} of them change shard; modulo would move "
            f"{counts.modulo_moved}."
        )
    shards = max(scenario.before, scenario.after)
    if shards <= SHARD_ENTRIES_UP_TO:
        key.columns(shard_entries(scenario), 1)  # one column: "(removed)" needs the room
    else:
        key.text(
            "Colours repeat every 8 shards, each time with another dot shape; point at a "
            "key to read its shard.",
            gap=4,
        )
    key.entry(_plain_dot(), "A key, in its shard's colour and shape", gap=8)
    key.entry(moved_glyph(), "A key that changes shard: ringed on both rings")
    tick = '<path d="M0 -7v14" stroke="currentColor" stroke-width="2.5"/>'
    drawn = (
        f" (the first {counts.ticks_drawn} of each shard's {scenario.vnodes:,} drawn)"
        if counts.capped
        else ""
    )
    key.entry(
        tick,
        f"Short marks across the circle: each shard's {counted(scenario.vnodes, 'point')} "
        f"on the ring{drawn}. A key belongs to the first point clockwise from it.",
    )
    if scenario.before != scenario.after:
        first, last = sorted((scenario.before, scenario.after))
        which = _shard_range(first, last - 1)
        where = "before ring" if scenario.after > scenario.before else "after ring"
        state = "not yet added" if scenario.after > scenario.before else "removed"
        faint = (
            '<path d="M0 -7v14" stroke="currentColor" stroke-width="1.5" '
            'stroke-dasharray="2 2" opacity="0.5"/>'
        )
        key.entry(faint, f"Faint dashed marks on the {where}: {which}, {state}")
    return key.svg("w-ring-key")


def render_rings(scenario: Scenario, dots: tuple[KeyDot, ...]) -> str:
    """The ring before and after the change, and their key, as three accessible SVGs."""
    counts = ring_counts(scenario, dots)
    shards = max(scenario.before, scenario.after)
    paths = [_tick_path(shard, counts.ticks_drawn) for shard in range(shards)]  # both rings
    return (
        _ring(scenario, dots, counts, paths, after=False)
        + _ring(scenario, dots, counts, paths, after=True)
        + _key(scenario, counts)
    )
