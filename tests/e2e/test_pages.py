"""Every page of the built book: diagrams render, nothing leaves 127.0.0.1, no errors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from book_bench.site_server import Served
from live_widgets.diagrams import mermaid_figure
from tests.e2e.conftest import Watch

ROOT = Path(__file__).resolve().parents[2]


def sitemap_urls(site: Served) -> list[str]:
    tree = ET.parse(site.root / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text or "" for loc in tree.findall(".//s:loc", ns)]


def test_sitemap_lists_the_whole_book(site: Served) -> None:
    """The sitemap (which the page test walks) covers all chapters, served locally."""
    urls = sitemap_urls(site)
    assert len(urls) >= 18
    assert all(u.startswith(site.url) for u in urls), urls[:3]


def _title(name: str) -> str:
    """The diagram's accessible title, from its Mermaid source."""
    source = (ROOT / "diagrams" / f"{name}.mmd").read_text(encoding="utf-8")
    return next(
        line.split(":", 1)[1].strip() for line in source.splitlines() if "accTitle:" in line
    )


def test_every_page_shows_its_diagrams_drawn_ahead_without_mermaid(
    site: Served, page: Page, watch: Watch
) -> None:
    """Each diagram on each page is in the HTML already drawn: exactly one drawing shows
    (the palette's), one image titled as its source says, and no page fetches Mermaid at all. The
    `page` fixture fails the test on console errors or requests to other hosts."""
    shown = 0
    for url in sitemap_urls(site):
        page.goto(url)
        expect(page.locator("h1").first).to_be_visible()
        figures = page.locator("figure.diagram")
        for i in range(figures.count()):
            figure = figures.nth(i)
            name = figure.get_attribute("data-diagram") or ""
            assert figure.get_attribute("data-drawn") == "ahead", f"{url}: {name}"
            drawing = figure.locator(".diagram-drawing svg:visible")
            expect(drawing, f"{url}: diagram {name}").to_have_count(1)
            assert drawing.locator("title").first.text_content() == _title(name)
            # One image named by its title: its labels are not read one by one.
            expect(figure.get_by_role("img", name=_title(name), exact=True)).to_have_count(1)
            expect(drawing).to_have_attribute("role", "img")
            shown += 1
    assert shown >= 20
    assert not [u for u in watch.requests if "/mermaid/" in u]


def test_the_drawing_follows_the_palette(site: Served, page: Page) -> None:
    """Switching Material's palette to dark shows the dark drawing and hides the light
    one, with no script redrawing anything."""
    page.goto(site.url + "caching/")
    figure = page.locator("figure.diagram").first
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    expect(figure.locator('[data-palette="light"]')).to_be_visible()
    expect(figure.locator('[data-palette="dark"]')).to_be_hidden()
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    expect(figure.locator('[data-palette="dark"] svg')).to_be_visible()
    expect(figure.locator('[data-palette="light"]')).to_be_hidden()


def test_a_diagram_not_drawn_ahead_is_drawn_by_mermaid_in_the_browser(
    site: Served, page: Page, watch: Watch
) -> None:
    """A diagram whose drawing is out of date reaches the page as Mermaid source (as the
    build sends it): the site's Mermaid, fetched only now, draws it in the current
    palette and again after a palette switch, as one image named by its title."""
    name = "cache-tier"
    source = (ROOT / "diagrams" / f"{name}.mmd").read_text(encoding="utf-8")
    drawn = re.compile(
        rf'<figure class="diagram" data-diagram="{name}" data-drawn="ahead">.*?</figure>', re.S
    )

    def as_if_out_of_date(route: Route) -> None:
        html = route.fetch().text()
        assert drawn.search(html)
        route.fulfill(
            body=drawn.sub(lambda _: mermaid_figure(name, source, "Out of date."), html),
            content_type="text/html",
        )

    page.route(re.compile(r"/caching/$"), as_if_out_of_date)
    page.goto(site.url + "caching/")
    figure = page.locator(f'figure[data-diagram="{name}"]')
    expect(figure.locator(".mermaid svg")).to_have_count(1)
    expect(figure.locator(".mermaid svg title").first).to_have_text(_title(name))
    assert [u for u in watch.requests if "/mermaid/" in u]
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    expect(figure.locator(".mermaid[data-processed] svg")).to_have_count(1)
    # One image, as a drawing made ahead is (diagrams.js asImage).
    expect(figure.get_by_role("img", name=_title(name), exact=True)).to_have_count(1)
    expect(figure.locator(".mermaid svg")).not_to_have_attribute(
        "aria-roledescription", re.compile(".")
    )


@pytest.mark.parametrize(
    ("start", "link", "target"), [("one-server/", "4. Load balancer", "load-balancer/")]
)
def test_instant_navigation_keeps_the_tab_and_renders_diagrams(
    site: Served, page: Page, start: str, link: str, target: str
) -> None:
    """Material's instant navigation swaps pages without a reload; diagrams still render."""
    page.goto(site.url + start)
    expect(page.locator("figure.diagram .diagram-drawing svg:visible").first).to_be_visible()
    page.evaluate("window.__sameTab = 'yes'")
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name=link).first.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    assert page.evaluate("window.__sameTab") == "yes", "the page was reloaded"
    expect(page.locator("figure.diagram .diagram-drawing svg:visible").first).to_be_visible()
    expect(page.locator("figure.diagram .mermaid")).to_have_count(0)
