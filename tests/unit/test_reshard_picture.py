"""The reshard pictures: the same sample keys before and after, on the ring and in modulo's
boxes, with exactly the moved keys ringed, in plain words, legible on a phone."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from bisect import bisect_left
from functools import lru_cache
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core.chart import MIN_FIGURE_PX, MIN_TEXT_PX, PALETTE, text_width
from live_widgets.core.view import View
from tests.unit.test_chart import drawings, smallest_px
from widgets.reshard.buckets_svg import render_buckets
from widgets.reshard.limits import RING_SAMPLE_DOTS
from widgets.reshard.model import Scenario, sample_dots
from widgets.reshard.palette import shard_colour, shard_shape
from widgets.reshard.ring_svg import render_rings, ring_counts
from widgets.reshard.spec import SPEC
from widgets.reshard.view import key_pictures

SVG = "{http://www.w3.org/2000/svg}"
JARGON = ("tick", "vnode", "v-node")


def _md5_int(text: str) -> int:
    return int.from_bytes(hashlib.md5(text.encode(), usedforsecurity=False).digest(), "big")


@lru_cache(maxsize=8)
def _ring(shards: int, vnodes: int) -> tuple[list[int], list[int]]:
    """An independent ring: point v of shard s at the top 64 bits of MD5("shard-s#v")."""
    points = sorted(
        (_md5_int(f"shard-{s}#{v}") >> 64, s) for s in range(shards) for v in range(vnodes)
    )
    return [p for p, _ in points], [s for _, s in points]


def ring_owner(index: int, shards: int, vnodes: int) -> int:
    """The shard of the first point clockwise from key user:index (wrapping past 2**64)."""
    positions, owners = _ring(shards, vnodes)
    found = bisect_left(positions, _md5_int(f"user:{index}") >> 64)
    return owners[found % len(positions)]


def modulo_owner(index: int, shards: int) -> int:
    return _md5_int(f"user:{index}") % shards


def placed_keys(svg: str, group_attr: str) -> dict[str, tuple[int, bool]]:
    """key name -> (the shard group or box it is drawn in, ringed as moved?)."""
    root = ET.fromstring(svg)
    found: dict[str, tuple[int, bool]] = {}
    for group in root.iter(f"{SVG}g"):
        if group_attr not in group.attrib:
            continue
        for dot in group.iter(f"{SVG}g"):
            classes = dot.get("class", "").split()
            if "w-dot" not in classes:
                continue
            title = dot.find(f"{SVG}title")
            assert title is not None and title.text
            name = title.text.split(":")[0] + ":" + title.text.split(":")[1]
            assert name not in found, f"{name} drawn twice"
            found[name] = (int(group.attrib[group_attr]), "w-moved" in classes)
    return found


def figure_svgs(params: dict[str, int]) -> dict[str, str]:
    """Each drawing of the modulo and ring figures, by its role."""
    view = SPEC.run(params)
    roles = {}
    for figure in view.figures:
        if figure.key not in ("modulo", "ring"):
            continue
        for drawing in drawings(figure.svg):
            role = re.search(r"\bw-(?:ring|buckets)-(before|after|key)\b", drawing)
            assert role
            roles[f"{figure.key}:{role.group(1)}"] = drawing
    return roles


def texts(svg: str) -> list[str]:
    return re.findall(r"<(?:text|title)\b[^>]*>([^<]*)<", svg) + re.findall(
        r'aria-label="([^"]*)"', svg
    )


@given(
    keys=st.sampled_from([100, 1_000, 100_000, 1_000_000]),
    before=st.integers(1, 128),
    after=st.integers(1, 128),
    vnodes=st.sampled_from([1, 2, 7, 100, 1000]),
)
@settings(max_examples=20, deadline=None)
def test_pictures_ring_exactly_the_keys_that_move(
    keys: int, before: int, after: int, vnodes: int
) -> None:
    """Every sample key is drawn once on each side, in the shard an independent
    recomputation gives it, and ringed on both sides exactly when that shard changes."""
    params = {"keys": keys, "from_shards": before, "to_shards": after, "vnodes": vnodes}
    svgs = figure_svgs(params)
    sample = [f"user:{i}" for i in range(min(keys, RING_SAMPLE_DOTS))]
    ring_before = placed_keys(svgs["ring:before"], "data-before-shard")
    ring_after = placed_keys(svgs["ring:after"], "data-shard")
    mod_before = placed_keys(svgs["modulo:before"], "data-bucket")
    mod_after = placed_keys(svgs["modulo:after"], "data-bucket")
    for drawn in (ring_before, ring_after, mod_before, mod_after):
        assert sorted(drawn) == sorted(sample)
    for index, name in enumerate(sample):
        old, new = ring_owner(index, before, vnodes), ring_owner(index, after, vnodes)
        assert ring_before[name] == (old, old != new), name
        assert ring_after[name] == (new, old != new), name
        old, new = modulo_owner(index, before), modulo_owner(index, after)
        assert mod_before[name] == (old, old != new), name
        assert mod_after[name] == (new, old != new), name


@pytest.mark.parametrize(
    ("before", "after"), [(4, 5), (5, 4), (16, 17), (1, 128), (128, 127), (7, 7)]
)
def test_before_and_after_are_both_drawn(before: int, after: int) -> None:
    """Each figure has a before picture and an after picture with their shard counts,
    and a key; only the after ring carries data-shards (what the browser test counts)."""
    view = SPEC.run({"from_shards": before, "to_shards": after})
    assert [f.key for f in view.figures] == ["modulo", "ring", "loads"]
    ring = next(f for f in view.figures if f.key == "ring").svg
    modulo = next(f for f in view.figures if f.key == "modulo").svg
    assert f">Before: {before} shard" in ring and f">After: {after} shard" in ring
    assert f">Before: hash mod {before}<" in modulo and f">After: hash mod {after}<" in modulo
    assert ring.count("data-shards=") == 1 and f'data-shards="{after}"' in ring
    assert f'data-shards-before="{before}"' in ring
    assert f'data-buckets-before="{before}"' in modulo and f'data-buckets="{after}"' in modulo
    assert len(drawings(ring)) == len(drawings(modulo)) == 3  # before, after, key
    assert "Key to the rings" in ring and "Key to the boxes" in modulo
    # modulo draws every box up to 32 shards, and otherwise says how many it shows
    for count, which in ((before, "data-buckets-before"), (after, "data-buckets")):
        drawing = next(d for d in drawings(modulo) if f'{which}="' in d)
        boxes = len(re.findall(r'data-bucket="', drawing))
        assert boxes == count or (count > 32 and f"Only the {boxes} shards holding" in drawing)


@pytest.mark.parametrize(
    "params",
    [{}, {"vnodes": 1000, "to_shards": 12}, {"from_shards": 9, "to_shards": 3, "vnodes": 1}],
)
def test_labels_use_plain_words(params: dict[str, int]) -> None:
    """No figure text, title, caption or note uses the jargon the old picture used
    ("ticks", "vnodes"); the ring's marks are explained as points on the ring."""
    view = SPEC.run(params)
    words = [f.title for f in view.figures] + [f.alt for f in view.figures] + list(view.notes)
    for figure in view.figures:
        words += texts(figure.svg)
    for text in words:
        lowered = text.lower()
        assert not any(term in lowered for term in JARGON), text
    ring = next(f for f in view.figures if f.key == "ring").svg
    assert "first point clockwise" in ring and "changes shard" in ring


@given(
    before=st.integers(1, 128),
    after=st.integers(1, 128),
    vnodes=st.sampled_from([1, 10, 1000]),
)
@settings(max_examples=15, deadline=None)
def test_every_picture_text_is_at_least_11_px_on_the_narrowest_screen(
    before: int, after: int, vnodes: int
) -> None:
    """Each picture is drawn at one CSS px per unit, no wider than the narrowest figure
    (with the 0.5 rem gap beside it), so its text renders at its font size: >= 11 px."""
    view = SPEC.run({"from_shards": before, "to_shards": after, "vnodes": vnodes})
    for figure in view.figures[:2]:
        for drawing in drawings(figure.svg):
            opening = drawing.split(">", 1)[0]
            assert "w-fixed" in opening
            width = float(re.search(r'\swidth="([\d.]+)"', opening).group(1))  # type: ignore[union-attr]
            assert width + 8 <= MIN_FIGURE_PX + 4
            assert smallest_px(drawing) >= MIN_TEXT_PX
            for text in inside_texts(drawing):
                assert text[1] >= -0.5 and text[2] <= width + 0.5, (figure.key, text)


def inside_texts(drawing: str) -> list[tuple[str, float, float]]:
    """Each plain <text>'s words and estimated left and right edge (chart.text_width, which
    over-estimates), for its own or the drawing's font size and anchor."""
    size = float(re.search(r'font-size="([\d.]+)"', drawing).group(1))  # type: ignore[union-attr]
    grid = re.search(r'class="w-buckets-grid"[^>]*font-size="([\d.]+)"', drawing)
    found = []
    for tag, words in re.findall(r"(<text\b[^>]*>)([^<]*)</text>", drawing):
        x = float(re.search(r'\sx="([-\d.]+)"', tag).group(1))  # type: ignore[union-attr]
        own = re.search(r'font-size="([\d.]+)"', tag)
        font = float(own.group(1)) if own else float(grid.group(1)) if grid else size
        anchor = re.search(r'text-anchor="(\w+)"', tag)
        middle = (anchor and anchor.group(1) == "middle") or (grid and "text-anchor" not in tag)
        width = text_width(unescape(words), font)
        left = x - width / 2 if middle else x
        found.append((words, left, left + width))
    return found


def test_pictures_are_deterministic_and_bounded() -> None:
    """The same inputs draw byte-identical pictures (build time = browser), the sample
    is at most RING_SAMPLE_DOTS keys whatever K is, and the largest case stays small."""
    largest = {"keys": 1_000_000, "from_shards": 128, "to_shards": 127, "vnodes": 1000}
    first, second = SPEC.run(largest), SPEC.run(largest)
    assert [f.svg for f in first.figures] == [f.svg for f in second.figures]
    for figure in first.figures[:2]:
        assert figure.svg.count('class="w-dot') <= 2 * RING_SAMPLE_DOTS
        assert len(figure.svg.encode()) < 60_000


def test_shards_that_share_a_shape_differ_in_colour() -> None:
    """Colour is never the only cue among the first 8 shards: shards 0 and 5 (the two
    blues) differ in shape, and two shards with the same shape never share a colour;
    black is drawn in the text colour so it shows in dark mode."""
    assert shard_shape(0) != shard_shape(5)
    for a in range(16):
        for b in range(a + 1, 16):
            if shard_shape(a) == shard_shape(b):
                assert shard_colour(a) != shard_colour(b), (a, b)
    assert shard_colour(PALETTE.index("#000000")) == "currentColor"


@settings(max_examples=25, deadline=None)
@given(
    st.integers(100, 1_000_000),
    st.integers(1, 128),
    st.integers(1, 128),
    st.integers(1, 1000),
)
def test_key_pictures_are_the_same_whatever_the_number_of_keys(
    keys: int, before: int, after: int, vnodes: int
) -> None:
    """The key pictures a recompute reuses are exactly what drawing the reader's own
    scenario gives: the sample keys, their counts and both SVGs do not depend on K."""
    scenario = Scenario(keys=keys, before=before, after=after, vnodes=vnodes)
    dots = sample_dots(scenario, RING_SAMPLE_DOTS)
    reused = key_pictures(before, after, vnodes, len(dots))
    assert reused.dots == dots
    assert reused.counts == ring_counts(scenario, dots)
    assert reused.buckets_svg == render_buckets(scenario, dots)
    assert reused.rings_svg == render_rings(scenario, dots)
    figures = {f.key: f.svg for f in view_of(keys, before, after, vnodes).figures}
    assert figures["modulo"] == reused.buckets_svg and figures["ring"] == reused.rings_svg


def view_of(keys: int, before: int, after: int, vnodes: int) -> View:
    return SPEC.run({"keys": keys, "from_shards": before, "to_shards": after, "vnodes": vnodes})
