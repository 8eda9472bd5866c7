"""The modulo picture: the same sample keys in numbered boxes, before and after.

Modulo hashing puts a key on shard `hash mod N`, so each shard is drawn as a box and
each sample key as a dot inside its box: one <svg> of N boxes before the change, one of
M boxes after, then a key. The dots, their colours, shapes and rings are exactly those
of the ring picture (palette.key_dot): a key that changes shard is ringed on both
sides, so the two pictures can be compared mark for mark.

Each <svg> is drawn at one CSS pixel per unit (`w-fixed`, BOX_WIDTH px wide), so its
text never renders below 11 px; the boxes form a grid of up to 8 columns, and a box
is just tall enough for its dots. Boxes of shards that exist on one side only are
dashed. Attributes for tests and tools: `data-buckets` / `data-buckets-before` on the
<svg>, `data-bucket="s"` on each box's group, `data-key` on each dot.
"""

from __future__ import annotations

import math
from html import escape

from live_widgets.core.chart import text_width
from widgets.reshard.key_svg import KeyBuilder
from widgets.reshard.model import KeyDot, Scenario
from widgets.reshard.palette import DOT_OUTLINE, DOT_SIZE, key_dot, shard_fill
from widgets.reshard.ring_svg import moved_glyph

BOX_WIDTH = 250
"""CSS px: below the 264 px a 320 px embed frame leaves, so it never shrinks."""
TITLE_FONT = 13
LABEL_FONT = 12
TOP = 24
GAP = 4.0
PITCH = 15.0
"""Distance between dot centres in a box: a moved key's ring (radius 8.2) just clears
its neighbours."""
LABEL_HEIGHT = 16.0
ALL_BOXES_UP_TO = 32
"""Up to this many shards every box is drawn; beyond, only the boxes holding a sample
key (most of 128 boxes would be empty, and the picture would run to 1,000 px)."""


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def columns_for(shards: int) -> int:
    """Boxes per row: all of them up to 6, then 4 (up to 8 shards) or 8."""
    if shards <= 6:
        return shards
    return 4 if shards <= 8 else 8


def _box_label(shard: int, width: float) -> str:
    text = f"shard {shard}"
    return text if text_width(text, LABEL_FONT) + 6 <= width else str(shard)


def _grid(scenario: Scenario, dots: tuple[KeyDot, ...], after: bool) -> tuple[str, float]:
    """One side's boxes and dots, and the height they need."""
    shards = scenario.after if after else scenario.before
    other = scenario.before if after else scenario.after
    members: list[list[KeyDot]] = [[] for _ in range(shards)]
    for dot in dots:
        members[dot.modulo_after if after else dot.modulo_before].append(dot)
    drawn = [s for s in range(shards) if shards <= ALL_BOXES_UP_TO or members[s]]
    cols = columns_for(len(drawn))
    cell = (BOX_WIDTH - GAP * (cols - 1)) / cols
    per_row = max(1, int((cell - 4) // PITCH))
    out: list[str] = []
    y = float(TOP)
    if len(drawn) < shards:
        note = f"Only the {len(drawn)} shards holding a key"
        out.append(f'<text x="{_f(BOX_WIDTH / 2)}" y="{_f(y + 12)}">{escape(note)}</text>')
        y += LABEL_HEIGHT + 2
    for row_start in range(0, len(drawn), cols):
        row = drawn[row_start : row_start + cols]
        lines = max(max(math.ceil(len(members[s]) / per_row) for s in row), 1)
        height = LABEL_HEIGHT + lines * PITCH + 4
        for column, shard in enumerate(row):
            x = column * (cell + GAP)
            only_here = shard >= other
            dash = ' stroke-dasharray="4 3"' if only_here else ""
            label = _box_label(shard, cell)
            parts = [
                f'<g data-bucket="{shard}"><rect x="{_f(x + 0.5)}" y="{_f(y + 0.5)}" '
                f'width="{_f(cell - 1)}" height="{_f(height - 1)}" rx="3" fill="none" '
                f'stroke="currentColor" stroke-opacity="0.6"{dash}/>'
                f'<text x="{_f(x + cell / 2)}" y="{_f(y + 13)}">{escape(label)}</text>'
            ]
            if members[shard]:
                parts.append(f"<g {shard_fill(shard)} {DOT_OUTLINE}>")
            left = x + (cell - min(per_row, max(len(members[shard]), 1)) * PITCH) / 2
            for slot, dot in enumerate(members[shard]):
                line, place = divmod(slot, per_row)
                cx = left + (place + 0.5) * PITCH
                cy = y + LABEL_HEIGHT + (line + 0.5) * PITCH + 1
                moved = dot.modulo_moves
                if moved:
                    text = f"{dot.name}: shard {dot.modulo_before} \u2192 {dot.modulo_after}"
                else:
                    text = f"{dot.name}: shard {shard}"
                parts.append(key_dot(cx, cy, shard, moved, escape(text)))
            parts.append("</g></g>" if members[shard] else "</g>")
            out.append("".join(parts))
        y += height + GAP
    return "".join(out), y - GAP + 2


def _boxes(
    scenario: Scenario, dots: tuple[KeyDot, ...], after: bool, grid: str, total: float
) -> str:
    shards = scenario.after if after else scenario.before
    moment = "After" if after else "Before"
    title = f"{moment}: hash mod {shards}"
    moved_count = sum(dot.modulo_moves for dot in dots)
    label = (
        f"{title}. Shards as boxes {'after' if after else 'before'} the change, with "
        f"{len(dots)} sample keys; the {moved_count} that change shard are ringed."
    )
    data = f'data-buckets="{shards}"' if after else f'data-buckets-before="{shards}"'
    return (
        f'<svg class="w-chart w-fixed w-buckets w-buckets-{moment.lower()}" '
        f'width="{BOX_WIDTH}" viewBox="0 0 {BOX_WIDTH} {_f(total)}" role="img" '
        f'aria-label="{escape(label)}" {data} xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{TITLE_FONT}">'
        f'<text class="w-axis-label" x="{_f(BOX_WIDTH / 2)}" y="16" text-anchor="middle" '
        f'font-weight="600">{escape(title)}</text>'
        f'<g class="w-buckets-grid" text-anchor="middle" font-size="{LABEL_FONT}">'
        f"{grid}</g></svg>"
    )


def _key(scenario: Scenario, dots: tuple[KeyDot, ...]) -> str:
    key = KeyBuilder("Key to the boxes")
    moved = sum(dot.modulo_moves for dot in dots)
    ring = sum(dot.ring_moves for dot in dots)
    key.text(f"{len(dots)} sample keys, user:0 to user:{len(dots) - 1}", bold=True)
    key.text(
        "Modulo puts a key on shard (hash of the key) mod (number of shards). Each box is "
        "a shard; each dot a key."
    )
    if scenario.before == scenario.after:
        key.text("Same number of shards: no key moves.")
    else:
        key.text(f"{moved} of them change shard; on the ring only {ring} would.")
    plain = f'<circle r="{_f(DOT_SIZE)}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
    key.entry(plain, "A key, in the colour and shape of its shard (as on the rings)", gap=8)
    key.entry(moved_glyph(), "A key that changes shard: ringed in both rows of boxes")
    if scenario.before != scenario.after:
        box = (
            '<rect x="-7" y="-6" width="14" height="12" rx="2" fill="none" '
            'stroke="currentColor" stroke-dasharray="4 3"/>'
        )
        state = "new after the change" if scenario.after > scenario.before else "removed"
        key.entry(box, f"Dashed box: a shard that is {state}")
    return key.svg("w-buckets-key")


def render_buckets(scenario: Scenario, dots: tuple[KeyDot, ...]) -> str:
    """Modulo's boxes before and after the change, and their key, as three SVGs."""
    before, after = _grid(scenario, dots, after=False), _grid(scenario, dots, after=True)
    height = max(before[1], after[1])  # equal heights keep the two sides level
    return (
        _boxes(scenario, dots, False, before[0], height)
        + _boxes(scenario, dots, True, after[0], height)
        + _key(scenario, dots)
    )
