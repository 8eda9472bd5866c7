"""Shard colours and marks: the Okabe-Ito palette, cycled, with a shape per cycle.

The palette (live_widgets.core.chart.PALETTE) has 8 colour-blind-safe colours. Shards 0-7 get
them in order; shards 8-15 reuse them with a square dot and ticks drawn outside the ring,
16-23 with a diamond and ticks inside, 24-31 with a triangle and long ticks, and from
shard 32 the four styles repeat. Every dot and tick group also names its shard (a
`data-shard` attribute and a tooltip), which is what tells shards apart beyond 32.
The palette's black is drawn as `currentColor`, so it turns light in dark mode.
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
    return SHAPES[shard_cycle(shard)]


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
    return f"{head}{attrs}/>"
