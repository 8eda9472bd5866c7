"""Chart text is legible on phones: no text in a widget's figures renders below 11 CSS px
at a 390 px viewport (embed page and chapter) or in a 320 px embed frame, no label is cut
off at its chart's edge, and the page never scrolls sideways.

Charts scale their text with their viewBox, so a chart drawn for a desktop column shrinks
its text below reading size on a phone; live_widgets.core.chart draws each chart per
width (LAYOUTS) and widgets.css shows the drawing made for the figure's width.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from book_bench.site_server import Served
from live_widgets.core.chart import MIN_TEXT_PX
from tests.e2e.widget_helpers import reveal, set_param, wait_ready, widget
from tests.widget_declarations import alternates, hosts
from widgets import all_specs

HOSTS = hosts()
NAMES = [spec.name for spec in all_specs()]
PHONE_HEIGHT = 844

# Every visible <text> in the figures, with its rendered size: the font-size in the
# SVG's user units times the scale from those units to CSS px (getScreenCTM; the root
# of its determinant, so rotated axis labels count too). Text in a display:none
# drawing has no box and is skipped. `outside` is how far (CSS px) the text's box
# pokes out of its <svg>, which clips it.
MEASURE = """
root => {
  const figures = [];
  for (const figure of root.querySelectorAll(".w-figures figure")) {
    const texts = [];
    for (const text of figure.querySelectorAll("svg text")) {
      const box = text.getBoundingClientRect();
      if (!text.textContent.trim() || (box.width === 0 && box.height === 0)) continue;
      if (getComputedStyle(text).visibility === "hidden") continue;
      const m = text.getScreenCTM();
      const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      const svg = text.ownerSVGElement.getBoundingClientRect();
      const outside = Math.max(svg.left - box.left, box.right - svg.right,
                               svg.top - box.top, box.bottom - svg.bottom, 0);
      texts.push({text: text.textContent.trim().slice(0, 60), px, outside});
    }
    figures.push({figure: figure.dataset.figure, texts});
  }
  return figures;
}
"""


def measure(root: Locator) -> list[dict[str, Any]]:
    return root.evaluate(MEASURE)


def assert_legible(page: Page, root: Locator, where: str) -> None:
    figures = measure(root)
    assert figures, f"{where}: no figures"
    for figure in figures:
        texts = figure["texts"]
        assert texts, f"{where}: figure {figure['figure']} shows no chart text at all"
        small = [(t["text"], round(t["px"], 2)) for t in texts if t["px"] < MIN_TEXT_PX]
        assert not small, f"{where}: {figure['figure']} text below {MIN_TEXT_PX:g} px: {small}"
        cut = [(t["text"], round(t["outside"], 1)) for t in texts if t["outside"] > 1]
        assert not cut, f"{where}: {figure['figure']} text cut off at the chart's edge: {cut}"
    scroll = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert scroll[0] <= scroll[1], f"{where}: the page scrolls sideways ({scroll[0]} > {scroll[1]})"


@pytest.mark.parametrize("name", NAMES)
def test_embed_charts_are_legible_on_a_phone(site: Served, page: Page, name: str) -> None:
    """The embed page on a 390 px phone: every chart text at 11 px or more, none cut
    off, no sideways scrolling."""
    page.set_viewport_size({"width": 390, "height": PHONE_HEIGHT})
    page.goto(f"{site.url}embed/{name}/")
    assert_legible(page, widget(page, name), f"embed/{name}/ at 390 px")


@pytest.mark.parametrize("name", NAMES)
def test_embed_charts_are_legible_in_a_320_px_frame(site: Served, page: Page, name: str) -> None:
    """The narrowest embed frame the book supports (320 px): legible as built, and
    still legible once Python has redrawn the charts for new inputs."""
    page.set_viewport_size({"width": 320, "height": PHONE_HEIGHT})
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    assert_legible(page, root, f"embed/{name}/ at 320 px, as built")
    wait_ready(root)
    param, value = next(iter(alternates(next(s for s in all_specs() if s.name == name)).items()))
    set_param(root, param, value)
    expect(root).to_have_attribute("data-state", "ready")
    assert_legible(page, root, f"embed/{name}/ at 320 px, redrawn with {param}={value}")


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("name", NAMES)
def test_chapter_charts_are_legible_on_a_phone(
    site: Served, page: Page, name: str, width: int
) -> None:
    """The chapter hosting the widget on a 390 px and a 320 px phone, where the book's
    margins and the widget's card make the column narrower than the screen: chart text
    at 11 px or more, none cut off, no sideways scrolling."""
    page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
    page.goto(site.url + HOSTS[name])
    root = widget(page, name)
    reveal(root)  # a chapter asks for a prediction before it shows the results
    assert_legible(page, root, f"{HOSTS[name]} at {width} px")
