"""Shard colours and marks: the Okabe-Ito palette, cycled, each colour paired with a shape.

The palette (live_widgets.core.chart.PALETTE) has 8 colours chosen to stay apart for the
common colour-vision deficiencies. Shard s gets colour s mod 8 and shape
(s + s // 8) mod 4 (circle, square, diamond, triangle): within the first 8 shards, two
shards with the same shape have clearly different colours (blue and orange, vermilion and
sky blue, green and yellow, purple and black), and the two blues of shards 0 and 5 differ
in shape too. From shard 8 the colours repeat with shifted shapes, and the ring's marks
move in or out of the circle with each pass through the palette (`shard_cycle`). Every
dot also names its key and shard in a tooltip and every box or legend entry names its
shard, so colour is never the only cue. The palette's black is drawn as `currentColor`,
so it turns light in dark mode.

A key that changes shard is drawn with a ring around it (`key_dot`, class `w-moved`),
the same mark in every picture and on both its before and after positions.
"""

from __future__ import annotations

from live_widgets.core.chart import PALETTE

SHAPES = ("circle", "square", "diamond", "triangle")


def shard_colour(shard: int) -> str:
    colour = PALETTE[shard % len(PALETTE)]
    return "currentColor" if colour == "#000000" else colour


def shard_cycle(shard: int) -> int:
    """Which pass through the palette a shard is in, modulo the number of shapes."""
    return (shard // len(PALETTE)) % len(SHAPES)


def shard_shape(shard: int) -> str:
    return SHAPES[(shard + shard // len(PALETTE)) % len(SHAPES)]


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def mark(shape: str, x: float, y: float, size: float, attrs: str, title: str = "") -> str:
    """An SVG element for a dot of the given shape centred on (x, y), `size` ~ radius.

    `attrs` is inserted as is (fill, stroke, class...); `title` (already escaped) becomes
    a <title> child, which browsers show as a tooltip and screen readers can read.
    """
    if shape == "square":
        s = size * 0.9
        head = f'<path d="M{_f(x - s)} {_f(y - s)}h{_f(2 * s)}v{_f(2 * s)}h{_f(-2 * s)}z" '
        tag = "path"
    elif shape == "diamond":
        s = size * 1.25
        head = (
            f'<path d="M{_f(x)} {_f(y - s)}l{_f(s)} {_f(s)}l{_f(-s)} {_f(s)}l{_f(-s)} {_f(-s)}z" '
        )
        tag = "path"
    elif shape == "triangle":
        s = size * 1.3
        head = f'<path d="M{_f(x)} {_f(y - s)}l{_f(s * 0.87)} {_f(s * 1.5)}h{_f(-s * 1.74)}z" '
        tag = "path"
    else:
        head = f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(size)}" '
        tag = "circle"
    if title:
        return f"{head}{attrs}><title>{title}</title></{tag}>"
    return f"{head}{attrs}/>".replace(" />", "/>")


DOT_SIZE = 4.0
"""A key dot's radius (or half-width) in CSS px."""
HALO_GAP = 3.2
"""How far outside a moved key's dot its ring is drawn."""


def key_dot(x: float, y: float, shard: int, moved: bool, title: str) -> str:
    """One sample key: a dot in its shard's shape, a ring around it if it changes shard.

    The enclosing group sets the fill (the shard's colour, `shard_fill`) and a thin
    outline (`DOT_OUTLINE`, so pale colours show on a light page); `title` (already
    escaped, starting with the key's name) becomes the tooltip."""
    dot = mark(shard_shape(shard), x, y, DOT_SIZE, "")
    if not moved:
        return f'<g class="w-dot"><title>{title}</title>{dot}</g>'
    halo = (
        f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(DOT_SIZE + HALO_GAP + 1)}" fill="none" '
        'stroke-width="1.8"/>'
    )
    return f'<g class="w-dot w-moved"><title>{title}</title>{halo}{dot}</g>'


DOT_OUTLINE = 'stroke="currentColor" stroke-width="0.8"'
"""Attributes for a group of key dots: a thin outline in the text colour."""


def shard_fill(shard: int) -> str:
    return f'fill="{shard_colour(shard)}"'
