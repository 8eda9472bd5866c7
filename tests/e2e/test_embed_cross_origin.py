"""A widget embedded the way a course author does it: the guide's snippet on a page from
another origin frames an embed page, which starts Python and sizes its own frame."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from book_bench.site_server import Served, serve
from live_widgets.embed_guide import HEIGHT_MESSAGE, SNIPPET_HEIGHT, iframe_snippet
from tests.e2e.widget_helpers import READY_TIMEOUT_MS
from widgets import get_spec

WIDGET = "cache-hit-rate"


@pytest.fixture
def course_page(site: Served, tmp_path: Path) -> Iterator[str]:
    """A course page served from a second 127.0.0.1 port (so another origin), holding the
    snippet for `embed/cache-hit-rate/?cache_size=5000` and a log of height messages."""
    snippet = iframe_snippet(f"{site.url}embed/{WIDGET}/?cache_size=5000", get_spec(WIDGET).title)
    (tmp_path / "index.html").write_text(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,"><title>A course page</title>'
        "<script>window.__posted = []; addEventListener('message', (e) => {"
        f" if (e.data && e.data.type === '{HEIGHT_MESSAGE}') window.__posted.push(e.data.height);"
        " });</script></head>\n"
        f"<body><h1>Week 3: caching</h1>\n{snippet}\n</body></html>\n",
        encoding="utf-8",
    )
    with serve(tmp_path) as course:
        assert course.port != site.port
        yield course.url


def test_framed_widget_starts_and_its_frame_takes_the_posted_height(
    page: Page, course_page: str
) -> None:
    """Across origins, the embed page reaches `ready` with the URL's settings, and the
    snippet's listener changes the frame from its initial height to the posted one."""
    page.goto(course_page)
    frame_element = page.locator("iframe")
    assert frame_element.get_attribute("height") == str(SNIPPET_HEIGHT)
    # Another origin: the course page cannot reach into the frame's document.
    assert frame_element.evaluate("f => f.contentDocument === null")
    assert urlparse(page.url).port != urlparse(frame_element.get_attribute("src") or "").port

    frame = page.frame_locator("iframe")
    root = frame.locator(f'[data-widget="{WIDGET}"]')
    expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)
    expect(frame.locator('input[name="cache_size"]')).to_have_value("5000")

    page.wait_for_function(
        """() => window.__posted.length > 0 &&
             Math.round(document.querySelector('iframe').getBoundingClientRect().height)
               === window.__posted[window.__posted.length - 1]"""
    )
    posted = page.evaluate("window.__posted[window.__posted.length - 1]")
    assert posted != SNIPPET_HEIGHT
    assert frame_element.evaluate("f => f.style.height") == f"{posted}px"
    shown = frame_element.evaluate("f => Math.round(f.getBoundingClientRect().height)")
    assert shown == posted != SNIPPET_HEIGHT
