"""The Content-Security-Policy on every page: the whole book (chapters, instant
navigation, widgets going live, diagrams, embed pages, the 404 page) runs under it
with zero violations."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from playwright.sync_api import Page, expect

from book_bench.site_server import Served
from tests.e2e.test_accessibility import diagrams_drawn
from tests.e2e.widget_helpers import READY_TIMEOUT_MS
from widgets import all_specs

# Set before any page script runs; violations are recorded, never thrown.
RECORD_VIOLATIONS = """
window.__violations = [];
addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def sitemap_paths(site: Served) -> list[str]:
    tree = ET.parse(site.root / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [(loc.text or "").removeprefix(site.url) for loc in tree.findall(".//s:loc", ns)]


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations")


def wait_widgets_live(page: Page) -> None:
    for root in page.locator("[data-widget]").all():
        root.scroll_into_view_if_needed()
        expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)


def test_every_built_page_carries_the_policy(site: Served) -> None:
    """Each HTML page of the build has one policy meta before any script, with no
    'unsafe-inline' or 'unsafe-eval' for scripts."""
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) >= 25
    for path in pages:
        html = path.read_text(encoding="utf-8")
        found = POLICY.findall(html)
        assert len(found) == 1, path
        assert html.index("Content-Security-Policy") < html.index("<script"), path
        script_src = next(d for d in found[0].split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path


def test_the_whole_book_runs_under_the_policy(site: Served, page: Page) -> None:
    """Every page loaded afresh, its widgets brought live and its diagrams drawn, then
    the whole book again by instant navigation (which keeps the first page's policy):
    not one securitypolicyviolation event, and (the `page` fixture) no console error."""
    page.add_init_script(RECORD_VIOLATIONS)
    paths = sitemap_paths(site)
    diagrams = 0
    for path in paths:
        page.goto(site.url + path)
        expect(page.locator("h1").first).to_be_visible()
        diagrams += diagrams_drawn(page)
        wait_widgets_live(page)
        assert violations(page) == [], path
    assert diagrams > 0, "no page of the book showed a diagram"

    page.goto(site.url)
    visited = 1
    next_link = page.locator("a.md-footer__link--next")
    while next_link.count():
        target = next_link.first.evaluate("a => a.href")
        old_article = page.locator("article").first.element_handle()
        next_link.first.evaluate("a => a.click()")  # as a reader's click: Material takes it
        # navigation.tracking may add the heading in view as a fragment at any moment.
        page.wait_for_url(re.compile(re.escape(target) + r"(#.*)?$"))
        page.wait_for_function("article => !article.isConnected", arg=old_article)
        diagrams_drawn(page)
        wait_widgets_live(page)
        visited += 1
    assert visited >= len(paths) - 2  # the nav's order covers the book
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 1  # never reloaded
    assert violations(page) == []


def test_embed_pages_and_404_run_under_the_policy(site: Served, page: Page) -> None:
    """Every embed page goes live (its early-start script allowed by its hash), and the
    404 page renders, without a violation."""
    page.add_init_script(RECORD_VIOLATIONS)
    for spec in all_specs():
        page.goto(f"{site.url}embed/{spec.name}/?theme=dark")
        wait_widgets_live(page)
        assert violations(page) == [], spec.name
    page.goto(f"{site.url}404.html")
    expect(page.locator("h1").first).to_be_visible()
    assert violations(page) == []
