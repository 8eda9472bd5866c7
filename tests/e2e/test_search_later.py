"""Material's search index waits while a chapter's widget starts Python, and not a
moment longer than the reader wants it (build/live_widgets/search_later.py)."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from book_bench.site_server import Served, StaticHandler, serve
from tests.e2e.conftest import Watch
from tests.e2e.widget_helpers import wait_ready, widget

CHAPTER, NAME = "caching/", "cache-hit-rate"
INDEX = "/search/search_index.json"
INDEX_LOADED = f"""() => performance.getEntriesByType("resource")
    .some((entry) => entry.name.endsWith("{INDEX}"))"""


def _slow_binary(fast: threading.Event) -> type[StaticHandler]:
    """A host that sends Pyodide's binary (the gzip copy a start fetches) at 80 kB/s
    (most of a minute: Python stays downloading, never stalled) until `fast` is set,
    then the rest at once."""

    class Host(StaticHandler):
        def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
            if not self.path.split("?")[0].endswith("/pyodide.asm.wasm.gzip.bin"):
                super().copyfile(source, outputfile)
                return
            data = source.read()
            sent = 0
            with contextlib.suppress(OSError):  # the page may close first
                while sent < len(data) and not fast.is_set():
                    outputfile.write(data[sent : sent + 4096])
                    outputfile.flush()
                    sent += 4096
                    fast.wait(0.05)  # the host's pace, not a test's wait
                outputfile.write(data[sent:])

    return Host


@pytest.fixture
def slow_binary(site: Served) -> Iterator[tuple[Served, threading.Event]]:
    fast = threading.Event()
    with serve(site.root, handler=_slow_binary(fast)) as host:
        yield host, fast
        fast.set()  # let the last connection finish


def _search(page: Page, query: str) -> None:
    """Type `query` as a reader does. Material reads the box on keyup, on focus and when
    its index is ready, not on `input`: a `fill` after the index is ready is never
    searched, so typing key by key keeps this helper free of that race."""
    box = page.locator('form[name="search"] input[name="query"]')
    box.click()  # in the header at this width
    box.press_sequentially(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_the_index_waits_for_python_then_search_works(
    slow_binary: tuple[Served, threading.Event], page: Page, watch: Watch
) -> None:
    """While the widget's Python downloads (well past the moment Material's bundle asks
    for its index), the index is not requested; once the widget is live it is, and
    search finds pages."""
    host, fast = slow_binary
    page.goto(host.url + CHAPTER)
    page.wait_for_function("() => window.__liveWidgets?.runtime.download.got > 1_000_000")
    assert not [url for url in watch.requests if url.endswith(INDEX)]
    fast.set()
    wait_ready(widget(page, NAME))
    page.wait_for_function(INDEX_LOADED)
    _search(page, "replica")


def test_reaching_for_search_loads_the_index_at_once(
    slow_binary: tuple[Served, threading.Event], page: Page
) -> None:
    """A reader who opens search while Python is still downloading gets results then,
    not once the widget is live."""
    host, _fast = slow_binary
    page.goto(host.url + CHAPTER)
    _search(page, "replica")
    expect(widget(page, NAME)).not_to_have_attribute("data-state", "ready")


def test_a_widget_script_that_fails_to_load_does_not_hold_search(
    site: Served, page: Page, watch: Watch
) -> None:
    """boot.js missing: nothing will ever say that Python is live or has failed, so its
    failed load lets the index go, with no reader reaching for search."""
    watch.allow_console.append(re.compile(r"boot\.js|Failed to load"))
    page.route("**/js/boot.js", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site.url + CHAPTER)
    page.wait_for_function(INDEX_LOADED)
    expect(widget(page, NAME)).not_to_have_attribute("data-state", "ready")


def test_a_page_without_a_widget_loads_the_index_as_material_does(site: Served, page: Page) -> None:
    """No Python to make room for: nothing is held back (the index arrives with no
    widget ever answering)."""
    page.goto(site.url + "glossary/")
    assert page.evaluate("() => window.__liveWidgetsReleaseSearch === undefined")
    page.wait_for_function(INDEX_LOADED)
