"""The shared chart drawing: legible at every width the CSS shows it, and the CSS agrees."""

from __future__ import annotations

import html
import random
import re
from itertools import pairwise
from pathlib import Path

import pytest

import live_widgets
from live_widgets.core import WidgetSpec
from live_widgets.core.chart import (
    LAYOUTS,
    MIN_FIGURE_PX,
    MIN_TEXT_PX,
    NARROW,
    NARROW_BELOW_PX,
    NARROW_MAX_PX,
    PALETTE,
    WIDE,
    WIDE_MAX_PX,
    Axis,
    Band,
    Chart,
    Marker,
    Series,
    bars_svg,
    render_chart,
    text_width,
)
from live_widgets.core.format import usd
from widgets import all_specs

CSS = Path(live_widgets.__file__).parent / "assets/css/widgets.css"
LARGEST_TEXT_PX = 16.5
"""Charts stay modest on wide screens: no layout's text grows past this."""

CHART = Chart(
    title="Cost against users",
    x=Axis("Daily active users (log scale)", 100, 1e9, "log"),
    y=Axis("USD a month (log scale)", 10, 1e8, "log", usd),
    series=(
        Series("This model", ((100, 40), (1e5, 2000), (1e9, 2e7)), PALETTE[0]),
        Series("Widely quoted ladder", ((1e3, 50), (1e8, 5e6)), PALETTE[4], "6 4"),
        Series("A third series", ((100, 10), (1e9, 1e8)), PALETTE[2], "2 3"),
    ),
    markers=(Marker(9e8, 1.8e7, "$18M at 900M, far right and high", PALETTE[1]),),
    bands=(Band(100, 3e3, "Single", True, "1"), Band(3e3, 4e3, "Load balancer", False, "2")),
)


def drawings(svg: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", svg, re.S)


def attribute(tag: str, name: str) -> str:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    assert found, (name, tag[:120])
    return found.group(1)


def narrowest_px(opening: str) -> float:
    """The narrowest the CSS shows this <svg>: by its layout class, or its own width."""
    classes = attribute(opening, "class").split()
    if "w-fixed" in classes:
        return min(float(attribute(opening, "width")), MIN_FIGURE_PX)
    layout = next((lay for lay in LAYOUTS if lay.css_class in classes), None)
    assert layout, f"an svg with no layout class (w-wide, w-narrow, w-fixed): {opening[:120]}"
    return layout.min_px


def text_sizes(drawing: str) -> list[float]:
    """Every text's font-size in viewBox units (the svg's, or the text's own)."""
    tags = re.findall(r"<(?:text|tspan)\b[^>]*>", drawing)
    if not tags:
        return []
    size = float(attribute(drawing.split(">", 1)[0], "font-size"))
    return [
        float(own.group(1)) if (own := re.search(r'font-size="([\d.]+)"', tag)) else size
        for tag in tags
    ]


def smallest_px(drawing: str) -> float:
    opening = drawing.split(">", 1)[0]
    view_width = float(attribute(opening, "viewBox").split()[2])
    return min(text_sizes(drawing), default=99.0) * narrowest_px(opening) / view_width


def test_every_layout_keeps_text_between_11_and_16_px() -> None:
    """At the narrowest width the CSS shows a layout its text is at least 11 px, and at
    the widest it is not huge."""
    assert (WIDE.name, NARROW.name) == ("wide", "narrow")
    for layout in LAYOUTS:
        assert layout.smallest_text_px() >= MIN_TEXT_PX, layout
        assert layout.max_px is not None
        assert layout.font_size * layout.max_px / layout.width <= LARGEST_TEXT_PX, layout
    assert MIN_FIGURE_PX <= 264  # a 320 px embed frame leaves 263.6 px for the figure


def test_widgets_css_uses_the_chart_breakpoints() -> None:
    """widgets.css switches drawings at the widths chart.py designs them for."""
    css = re.sub(r"\s+", " ", CSS.read_text(encoding="utf-8"))
    query = re.search(r"@container \(width < ([\d.]+)px\) \{(.*?\}) \}", css)
    assert query, "no @container (width < ...px) rule in widgets.css"
    assert float(query.group(1)) == NARROW_BELOW_PX
    narrow = re.search(r"\.w-figure svg\.w-narrow \{([^}]*)\}", query.group(2))
    assert narrow and f"max-width: {NARROW_MAX_PX:g}px" in narrow.group(1)
    wide = re.search(r"\.w-figure svg\.w-wide \{([^}]*)\}", css)
    assert wide and f"max-width: {WIDE_MAX_PX:g}px" in wide.group(1)
    assert ".w-figure { container-type: inline-size; }" in css


def test_render_chart_draws_wide_then_narrow_alike() -> None:
    """One drawing per layout, each an image named by its title and id-free, with the same series,
    bands, marker and axis labels; the narrow one has fewer x tick labels."""
    wide, narrow = drawings(render_chart(CHART))
    for drawing, layout in ((wide, WIDE), (narrow, NARROW)):
        opening = drawing.split(">", 1)[0]
        assert layout.css_class in attribute(opening, "class").split()
        # An image named by its title alone: the figure's caption describes it, once.
        assert 'role="img"' in opening and "aria-label" not in opening
        assert drawing.split(">", 1)[1].startswith("<title>Cost against users</title>")
        assert not re.search(r"\sid=", drawing)
        assert drawing.count('class="w-series"') == 3
        assert drawing.count('class="w-band"') == 1
        for text in ("Daily active users (log scale)", "USD a month (log scale)", "This model"):
            assert f">{text}</text>" in drawing
        assert "$18M at 900M" in drawing
    ticks = [
        len(re.findall(r'class="w-tick" x="[^"]*" y="[^"]*" text-anchor="middle"', d))
        for d in (wide, narrow)
    ]
    assert ticks[1] < ticks[0]


def test_narrow_drawing_keeps_every_label_inside_its_box() -> None:
    """Labels that do not fit are shortened or dropped, and the rest stay inside the
    narrow viewBox (estimated with the same glyph width the layout uses)."""
    narrow = drawings(render_chart(CHART))[1]
    width = NARROW.width
    assert ">Single</text>" not in narrow and ">1</text>" in narrow  # band too narrow
    assert ">Load balancer</text>" not in narrow
    for tag, text in re.findall(r"(<text\b[^>]*>)([^<]*)</text>", narrow):
        if "transform=" in tag:
            continue
        x = float(attribute(tag, "x"))
        anchor = re.search(r'text-anchor="(\w+)"', tag)
        size = text_width(text, NARROW.font_size)
        start = {"middle": x - size / 2, "end": x - size}.get(anchor.group(1) if anchor else "", x)
        assert start >= -0.5 and start + size <= width + 0.5, (text, start, size)


def test_a_point_label_stands_on_a_backdrop_in_both_layouts() -> None:
    """Each point label is drawn over a box of the background colour that spans its
    text (a line through the gaps between its words read as a strike-through), and the
    box stays inside the drawing."""
    for drawing, layout in zip(drawings(render_chart(CHART)), (WIDE, NARROW), strict=True):
        found = re.search(
            r'(<rect class="w-label-backdrop"[^>]*/>)(<text class="w-marker-label"[^>]*>)([^<]*)<',
            drawing,
        )
        assert found, layout.name
        box, tag, text = found.groups()
        left, width = float(attribute(box, "x")), float(attribute(box, "width"))
        top, height = float(attribute(box, "y")), float(attribute(box, "height"))
        x, y = float(attribute(tag, "x")), float(attribute(tag, "y"))
        size = text_width(text, layout.font_size) * 0.9
        start = {"middle": x - size / 2, "end": x - size}.get(attribute(tag, "text-anchor"), x)
        assert left <= start and start + size <= left + width, (layout.name, box, tag)
        assert top < y - layout.font_size * 0.7 and top + height > y, (layout.name, box, tag)
        assert left >= 0 and left + width <= layout.width, (layout.name, box)


def _band_texts(drawing: str) -> list[str]:
    return re.findall(r'class="w-band-label"[^>]*>([^<]*)<', drawing)


def _banded(*bands: Band) -> Chart:
    """A chart with nothing but `bands`, on a log axis from 1 to 1,000."""
    axis = Axis("x", 1, 1000, "log")
    return Chart("t", axis, axis, (), bands=bands)


def test_band_labels_are_all_names_or_all_numbers_in_one_drawing() -> None:
    """Where one band's name cannot be shown but its number can, every band shows its
    number ('1 2 3', not 'Single LB 3'); a number wider than its band is still shown
    when it stays clear of its neighbours' numbers, else the band stays blank."""
    wide_enough = _banded(Band(1, 30, "Single", True, "1"), Band(30, 1000, "LB", False, "2"))
    assert [_band_texts(d) for d in drawings(render_chart(wide_enough))] == [
        ["Single", "LB"],
        ["Single", "LB"],
    ]
    one_thin = _banded(
        Band(1, 30, "Single", True, "1"),
        Band(30, 60, "Load balancer + app servers", False, "2"),
        Band(60, 60.1, "Cache", True, "3"),  # a sliver, but room beside it
        Band(60.1, 1000, "CDN", False, "4"),
    )
    for drawing in drawings(render_chart(one_thin)):
        assert _band_texts(drawing) == ["1", "2", "3", "4"]
    crowded = _banded(
        Band(1, 30, "Single", True, "1"),
        Band(30, 30.1, "Load balancer + app servers", False, "2"),  # two slivers side
        Band(30.1, 30.2, "Read replicas + cache", True, "3"),  # by side: no room for 3
        Band(30.2, 1000, "CDN", False, "4"),
    )
    for drawing in drawings(render_chart(crowded)):
        assert _band_texts(drawing) == ["1", "2", "4"]


def test_band_labels_never_touch_and_stay_in_the_drawing() -> None:
    """Whatever the bands, the texts shown over them never overlap one another and never
    run off either side of the drawing (checked over random band edges)."""
    rng = random.Random(7)
    axis = Axis("x", 1, 1e6, "log")
    for _ in range(200):
        edges = sorted({rng.uniform(0, 6) for _ in range(rng.randint(2, 8))} | {0.0, 6.0})
        bands = tuple(
            Band(10**a, 10**b, f"Stage {i}", i % 2 == 0, str(i))
            for i, (a, b) in enumerate(pairwise(edges), start=1)
        )
        for drawing in drawings(render_chart(Chart("t", axis, axis, (), bands=bands))):
            width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', drawing).group(1))  # type: ignore[union-attr]
            size = float(re.search(r'font-size="([0-9.]+)"', drawing).group(1))  # type: ignore[union-attr]
            spans = sorted(
                (float(x) - (w := text_width(t, size) + 4) / 2, float(x) + w / 2)
                for x, t in re.findall(r'class="w-band-label" x="([0-9.]+)"[^>]*>([^<]*)<', drawing)
            )
            assert all(lo >= 0 and hi <= width for lo, hi in spans), spans
            assert all(a[1] <= b[0] + 1e-6 for a, b in pairwise(spans)), spans


def test_bars_svg_draws_both_layouts() -> None:
    """The grouped bars come wide and narrow, every label and value in both."""
    svg = bars_svg("Bars", [("Group", [1.0, 3.0])], ["one", "two"])
    wide, narrow = drawings(svg)
    for drawing in (wide, narrow):
        assert ">Group</text>" in drawing and ">one</text>" in drawing and ">3</text>" in drawing
    assert smallest_px(narrow) >= MIN_TEXT_PX and smallest_px(wide) >= MIN_TEXT_PX


@pytest.mark.parametrize("spec", all_specs(), ids=lambda spec: spec.name)
def test_every_widget_figure_is_drawn_legibly(spec: object) -> None:
    """Every <svg> of every widget's figures says how the CSS sizes it (a layout class,
    or w-fixed with a width), and its text is at least 11 px at the narrowest."""
    view = spec.run(spec.defaults())  # type: ignore[attr-defined]
    for figure in view.figures:
        found = drawings(figure.svg)
        assert "".join(found) == figure.svg, figure.key
        for drawing in found:
            assert smallest_px(drawing) >= MIN_TEXT_PX, (figure.key, drawing[:100])


@pytest.mark.parametrize("spec", all_specs(), ids=lambda spec: spec.name)
def test_every_widget_figure_is_described_once(spec: WidgetSpec) -> None:
    """A figure's text alternative is its caption, read once: no drawing says the
    caption again in an aria-label, and none is named by an aria-label and a <title>
    both (Chromium then reads the <title> again as its description)."""
    for figure in spec.run({}).figures:
        for opening, inside in re.findall(r"(<svg\b[^>]*>)(<title>)?", figure.svg):
            label = re.search(r'aria-label="([^"]*)"', opening)
            assert 'role="img"' in opening, (figure.key, opening)
            assert label or inside, f"{figure.key}: a drawing without a name"
            assert not (label and inside), f"{figure.key}: named twice: {opening}"
            if label:
                assert html.escape(figure.alt, quote=True) not in label.group(1), figure.key


@pytest.mark.parametrize(("low", "high"), [(0, 100), (0, 120), (1, 5), (0, 2_000)])
def test_vertical_grid_lines_are_evenly_spaced_in_both_layouts(low: float, high: float) -> None:
    """A linear axis's grid lines are one step apart in every drawing: the narrow layout
    thins its labels, but never mixes steps (lines at 20, 40, 50, 60, 80 read as a scale
    that changes pace)."""
    chart = Chart(
        title="Even grid",
        x=Axis("Share", low, high),
        y=Axis("Value", 0, 10),
        series=(Series("Line", ((low, 0), (high, 10))),),
    )
    for drawing in drawings(render_chart(chart)):
        xs = sorted(
            float(attribute(tag, "x1"))
            for tag in re.findall(r'<line class="w-grid"[^>]*>', drawing)
            if attribute(tag, "x1") == attribute(tag, "x2")
        )
        gaps = [b - a for a, b in pairwise(xs)]
        assert len(xs) >= 3 and max(gaps) - min(gaps) < 1, (low, high, xs)
