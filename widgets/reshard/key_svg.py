"""The key beside each reshard picture: counts, shard entries and what each mark means.

A key is its own small <svg>, drawn at one CSS pixel per unit (`w-fixed`, KEY_WIDTH px
wide) so its text is always KEY_FONT px, whatever the screen; it sits beside the
pictures while they fit side by side and under them when they do not. Every entry pairs
a drawn example (a dot, a ringed dot, a mark, a box) with words, so no colour or shape
has to be guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from live_widgets.core.chart import text_width

KEY_WIDTH = 250
"""CSS px. Below the 264 px a 320 px embed frame leaves, so it never shrinks."""
KEY_FONT = 12
KEY_LINE = 16
GLYPH = 18
"""Room for an entry's drawn example, left of its words."""


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def wrap(text: str, width: float, font: float = KEY_FONT) -> list[str]:
    """`text` in lines that fit `width` px at `font` px (chart.text_width over-estimates)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


@dataclass
class KeyBuilder:
    """Collects a key's lines top to bottom; `svg()` closes it with the right height."""

    title: str
    out: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    y: float = 0.0

    def text(self, text: str, *, bold: bool = False, gap: float = 0.0) -> None:
        """A paragraph, wrapped to the key's width."""
        self.said.append(text)
        self.y += gap
        weight = ' font-weight="600"' if bold else ""
        for line in wrap(text, KEY_WIDTH - 4):
            self.y += KEY_LINE
            self.out.append(
                f'<text class="w-legend" x="2" y="{_f(self.y)}"{weight}>{escape(line)}</text>'
            )

    def entry(self, glyph: str, text: str, *, gap: float = 4.0) -> None:
        """An example mark and the words that explain it. `glyph` is SVG drawn around
        (0, 0), moved to the entry's first line."""
        self.said.append(text)
        self.y += gap
        first = self.y + KEY_LINE
        self.out.append(
            f'<g transform="translate({_f(GLYPH / 2 + 1)} {_f(first - 4)})">{glyph}</g>'
        )
        for line in wrap(text, KEY_WIDTH - GLYPH - 8):
            self.y += KEY_LINE
            self.out.append(
                f'<text class="w-legend" x="{GLYPH + 6}" y="{_f(self.y)}">{escape(line)}</text>'
            )

    def columns(self, entries: list[tuple[str, str]], count: int) -> None:
        """Short entries (a glyph and a few words each) in `count` columns, filled down."""
        if not entries:
            return
        self.said.append(", ".join(text for _, text in entries))
        rows = -(-len(entries) // count)
        width = (KEY_WIDTH - 4) / count
        self.y += 4
        for index, (glyph, text) in enumerate(entries):
            column, row = divmod(index, rows)
            left = 2 + column * width
            base = self.y + (row + 1) * KEY_LINE
            self.out.append(
                f'<g transform="translate({_f(left + GLYPH / 2 - 1)} {_f(base - 4)})">{glyph}</g>'
                f'<text class="w-legend" x="{_f(left + GLYPH + 2)}" y="{_f(base)}">'
                f"{escape(text)}</text>"
            )
        self.y += rows * KEY_LINE

    def svg(self, classes: str) -> str:
        height = self.y + 8
        return (
            f'<svg class="w-chart w-fixed {classes}" width="{KEY_WIDTH}" '
            f'viewBox="0 0 {KEY_WIDTH} {_f(height)}" role="img" '
            f'aria-label="{escape(self.title)}. {escape(". ".join(self.said))}." '
            f'xmlns="http://www.w3.org/2000/svg" font-size="{KEY_FONT}">'
            f"{''.join(self.out)}</svg>"
        )
