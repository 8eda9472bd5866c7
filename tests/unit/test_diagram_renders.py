"""The book's diagrams are drawn ahead of time, from their current sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from book_authoring.render_diagrams import CONFIG_JS, mermaid_version, tidy
from live_widgets.diagram_renders import (
    DIAGRAM_TEXT_PX,
    MERMAID_TEXT_PX,
    SCROLL_LABEL,
    SCROLLS_ABOVE_PX,
    THEMES,
    digest,
    drawings_html,
    read_render,
    render_path,
)

ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = ROOT / "diagrams"
NAMES = sorted(p.stem for p in DIAGRAMS.glob("*.mmd"))
REDRAW = "diagram {name} is not drawn from its current source: run `make diagrams NAME={name}`"


@pytest.mark.parametrize("name", NAMES)
def test_each_diagram_has_an_up_to_date_drawing(name: str) -> None:
    """Readers get every diagram without Mermaid: a drawing exists for the source as it
    is, made with the Mermaid the site vendors and the site's current settings."""
    render = read_render(DIAGRAMS, name)
    source = (DIAGRAMS / f"{name}.mmd").read_text(encoding="utf-8")
    assert render is not None and render.matches(name, source), REDRAW.format(name=name)
    assert render.mermaid == mermaid_version(ROOT), REDRAW.format(name=name)
    config = (ROOT / CONFIG_JS).read_text(encoding="utf-8")
    assert render.config_sha256 == digest(config), REDRAW.format(name=name)
    assert set(render.svgs) == set(THEMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_drawing_is_shown_as_one_image_named_and_described(name: str) -> None:
    """On the page a drawing is one image (its labels are not read one by one, in the
    order Mermaid drew them), named by its accTitle and described by its accDescr:
    `make diagrams` applies diagram-config.js `asImage`, as the page does to a diagram
    Mermaid draws in the browser."""
    render = read_render(DIAGRAMS, name)
    assert render is not None
    for palette, svg in render.svgs.items():
        opening = re.match(r"<svg\b[^>]*>", svg)
        assert opening, (name, palette)
        tag = opening.group(0)
        assert ' role="img"' in tag and "graphics-document" not in tag, (name, tag)
        assert "aria-roledescription" not in tag, (name, tag)
        for attribute, element in (("aria-labelledby", "title"), ("aria-describedby", "desc")):
            found = re.search(rf'{attribute}="([^"]+)"', tag)
            assert found, (name, attribute)
            inner = re.search(rf'<{element} id="{found.group(1)}">([^<]+)</{element}>', svg)
            assert inner and inner.group(1).strip(), (name, element)


@pytest.mark.parametrize("name", NAMES)
def test_each_drawing_draws_no_label_below_mermaids_text_size(name: str) -> None:
    """`legible_width` scales a drawing from MERMAID_TEXT_PX: no style in a drawing sets a
    smaller text (Mermaid's tooltip, which a drawn-ahead page never shows, aside), or a
    phone would show that text below DIAGRAM_TEXT_PX."""
    render = read_render(DIAGRAMS, name)
    assert render is not None
    for palette, svg in render.svgs.items():
        styles = " ".join(re.findall(r"<style>(.*?)</style>", svg, re.S))
        sizes = [
            float(px)
            for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", styles)
            if "mermaidTooltip" not in selector
            for px in re.findall(r"font-size:\s*([\d.]+)px", body)
        ]
        attributes = re.findall(r'font-size="([\d.]+)', svg)
        assert sizes, (name, palette)
        assert min(sizes + [float(a) for a in attributes]) >= MERMAID_TEXT_PX, (name, palette)


@pytest.mark.parametrize("name", NAMES)
def test_each_drawing_stops_shrinking_where_its_labels_reach_12_px(name: str) -> None:
    """On the page each drawing carries the width below which it scrolls instead of
    shrinking (its viewBox width x 12/16), and one that can scroll on a phone is a
    focusable group whose name says why focus is there (the drawing keeps its title)."""
    render = read_render(DIAGRAMS, name)
    assert render is not None
    html = drawings_html(name, render)
    for palette, svg in render.svgs.items():
        width = float(re.split(r"[\s,]+", re.search(r'viewBox="([^"]+)"', svg).group(1))[2])  # type: ignore[union-attr]
        legible = width * DIAGRAM_TEXT_PX / MERMAID_TEXT_PX
        opening = re.search(rf'<div [^>]*data-palette="{palette}"[^>]*>', html)
        assert opening, (name, palette)
        tag = opening.group(0)
        assert f"--diagram-legible: {legible:.0f}px" in tag, (name, tag)
        if legible > SCROLLS_ABOVE_PX:
            assert f'tabindex="0" role="group" aria-label="{SCROLL_LABEL}"' in tag, tag
        else:
            assert "tabindex" not in tag, tag


def test_no_drawing_outlives_its_diagram() -> None:
    """A deleted or renamed diagram leaves no drawing behind in the repository."""
    drawn = sorted(p.stem for p in render_path(DIAGRAMS, "x").parent.glob("*.json"))
    assert drawn == NAMES


def test_tidy_rounds_geometry_and_leaves_text_alone() -> None:
    """Coordinates lose digits no screen can show; labels, ids and numbers in text keep theirs."""
    svg = (
        '<svg id="d-1.23456"><path d="M-53.19200465342068 -36 C1.005 2,3.4 4"></path>'
        '<g transform="translate(12.3456, -0.0001)"><text>99.999% at 0.12345 s</text></g>'
        '<polygon points="1.23456,2 3,4.56789"></polygon>'
        '<path d="M1.0001.5-.045.1234567 2.1234567e-5 3.1234567E2"></path></svg>'
    )
    assert tidy(svg) == (
        '<svg id="d-1.23456"><path d="M-53.19 -36 C1 2,3.4 4"></path>'
        '<g transform="translate(12.35, 0)"><text>99.999% at 0.12345 s</text></g>'
        '<polygon points="1.23,2 3,4.57"></polygon>'
        '<path d="M1 .5-.04.12 2.1234567e-5 3.1234567E2"></path></svg>'
    )


_SVG_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _compact(x: float, style: int) -> str:
    """A number as Mermaid's drawings write it: long, short, or without its leading zero."""
    text = repr(x) if style == 0 else f"{x:.{style}f}"
    return text.replace("0.", ".", 1) if abs(x) < 1 and style % 2 else text


@given(
    st.lists(
        st.tuples(st.floats(min_value=-5000, max_value=5000, allow_nan=False), st.integers(0, 5)),
        min_size=1,
        max_size=30,
    )
)
def test_tidy_moves_no_point_by_more_than_half_a_hundredth(
    numbers: list[tuple[float, int]],
) -> None:
    """Read back as SVG reads a path, the tidied path has the same numbers, each within
    0.005 px of the original: run-together numbers are never merged or split."""
    parts: list[str] = []
    for x, style in numbers:
        text = _compact(x, style)
        joined = parts and (text[0] == "-" or (text[0] == "." and "." in parts[-1]))
        parts.append(text if joined or not parts else " " + text)
    path = "M" + "".join(parts)
    before = [float(t) for t in _SVG_NUMBER.findall(path)]
    after = [float(t) for t in _SVG_NUMBER.findall(tidy(f'<path d="{path}">')[9:-2])]
    assert len(after) == len(before)
    assert all(abs(a - b) <= 0.005 + 1e-9 for a, b in zip(after, before, strict=True))
