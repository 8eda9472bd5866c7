"""Every page of the built book: diagrams render, nothing leaves 127.0.0.1, no errors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import Page, expect

from book_bench.site_server import Served


def sitemap_urls(site: Served) -> list[str]:
    tree = ET.parse(site.root / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text or "" for loc in tree.findall(".//s:loc", ns)]


def test_sitemap_lists_the_whole_book(site: Served) -> None:
    """The sitemap (which the page test walks) covers all chapters, served locally."""
    urls = sitemap_urls(site)
    assert len(urls) >= 18
    assert all(u.startswith(site.url) for u in urls), urls[:3]


def test_every_page_renders_its_diagrams_with_no_outside_requests(site: Served, page: Page) -> None:
    """Each diagram on each page becomes an SVG without a Mermaid error; the `page`
    fixture fails the test on console errors or requests to other hosts."""
    rendered = 0
    for url in sitemap_urls(site):
        page.goto(url)
        expect(page.locator("h1").first).to_be_visible()
        figures = page.locator("figure.diagram")
        for i in range(figures.count()):
            figure = figures.nth(i)
            name = figure.get_attribute("data-diagram")
            expect(figure.locator(".mermaid svg"), f"{url}: diagram {name}").to_have_count(1)
            text = figure.locator(".mermaid").inner_text()
            assert "Syntax error" not in text, f"{url}: diagram {name} has a Mermaid error"
            rendered += 1
    assert rendered >= 20


@pytest.mark.parametrize(
    ("start", "link", "target"), [("one-server/", "4. Load balancer", "load-balancer/")]
)
def test_instant_navigation_keeps_the_tab_and_renders_diagrams(
    site: Served, page: Page, start: str, link: str, target: str
) -> None:
    """Material's instant navigation swaps pages without a reload; diagrams still render."""
    page.goto(site.url + start)
    expect(page.locator("figure.diagram .mermaid svg").first).to_be_visible()
    page.evaluate("window.__sameTab = 'yes'")
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name=link).first.click()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    assert page.evaluate("window.__sameTab") == "yes", "the page was reloaded"
    expect(page.locator("figure.diagram .mermaid svg").first).to_be_visible()
    expect(page.locator("figure.diagram .mermaid:not([data-processed])")).to_have_count(0)
