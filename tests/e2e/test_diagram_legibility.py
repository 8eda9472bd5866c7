"""Diagrams are legible on phones: a drawing shrinks with the column only down to the
width at which its labels are 12 px, then scrolls sideways inside its figure (never
the page), and a drawing that scrolls can be focused and scrolled from the keyboard.

Mermaid lays out a left-to-right flowchart as wide as it needs (cdn-edges is 2,081
units wide); shown at the width of a 390 px phone's column, its labels came out at
under 3 px (diagram_renders.py, widgets.css).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from book_bench.site_server import Served
from live_widgets.diagram_renders import DIAGRAM_TEXT_PX

CONTENT = Path(__file__).resolve().parents[2] / "content"
PAGES = sorted(
    path.stem
    for path in CONTENT.glob("*.md")
    if not path.name.startswith("_")
    and re.search(r"^```diagram\s*$", path.read_text(encoding="utf-8"), re.M)
)

# Each shown drawing: the size its labels render at (each label's font size in the
# drawing's units, times the drawing's scale to CSS px), whether it overflows its
# figure, and whether it can take focus.
MEASURE = """
() => [...document.querySelectorAll("figure.diagram .diagram-drawing")]
  .filter((box) => box.getClientRects().length > 0)
  .map((box) => {
    const svg = box.querySelector("svg");
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll("text, foreignObject span, foreignObject p")]
      .filter((node) => node.textContent.trim() && node.getClientRects().length > 0)
      .map((node) => parseFloat(getComputedStyle(node).fontSize) * scale);
    return {
      name: box.closest("figure").dataset.diagram,
      smallest: Math.min(...sizes),
      labels: sizes.length,
      overflows: box.scrollWidth > box.clientWidth + 1,
      focusable: box.tabIndex === 0,
      named: !!box.getAttribute("aria-label")?.trim(),
    };
  })
"""


def drawings(page: Page) -> list[dict[str, Any]]:
    return page.evaluate(MEASURE)


def url_of(site: Served, stem: str) -> str:
    return site.url if stem == "index" else f"{site.url}{stem}/"


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("stem", PAGES)
def test_diagram_labels_stay_legible_on_a_phone(
    site: Served, page: Page, stem: str, width: int
) -> None:
    """Every diagram on the page at a phone's width: labels at 12 px or more (11 is the
    book's floor), the page itself never scrolls sideways, and a drawing too wide for
    the column scrolls inside its figure, focusable and named."""
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(url_of(site, stem))
    shown = drawings(page)
    assert shown, f"{stem}: no diagram drawn ahead of time"
    for drawing in shown:
        where = f"{stem} at {width} px, diagram {drawing['name']}"
        assert drawing["labels"] > 0, f"{where}: no label found to measure"
        assert drawing["smallest"] >= DIAGRAM_TEXT_PX - 0.05, f"{where}: {drawing}"
        if drawing["overflows"]:
            assert drawing["focusable"] and drawing["named"], f"{where}: {drawing}"
    scroll = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert scroll[0] <= scroll[1], f"{stem}: the page scrolls sideways ({scroll})"


def test_a_wide_diagram_scrolls_from_the_keyboard(site: Served, page: Page) -> None:
    """On a phone, Tab reaches the CDN chapter's wide drawing and the arrow key scrolls
    it; at its start, the left edge shows no shadow, as there is nothing to its left."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site.url}cdn/")
    box = page.locator('figure[data-diagram="cdn-edges"] .diagram-drawing[data-palette="light"]')
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    box.focus()
    assert box.evaluate("b => document.activeElement === b")
    assert box.evaluate("b => b.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector("
        '\'figure[data-diagram="cdn-edges"] .diagram-drawing[data-palette="light"]\')'
        ".scrollLeft > 0"
    )


def test_a_diagram_that_fits_is_not_a_tab_stop_on_a_laptop(site: Served, page: Page) -> None:
    """The narrow cache-aside drawing fits any column, so it neither scrolls nor takes
    focus: only drawings that can overflow on a phone add a stop to the tab order."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{site.url}caching/")
    shown = {d["name"]: d for d in drawings(page)}
    assert not shown["cache-aside-flow"]["overflows"]
    assert not shown["cache-aside-flow"]["focusable"]
