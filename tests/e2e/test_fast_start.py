"""Fast start: Python comes from the build's memory snapshot, and every way the
snapshot can be unusable falls back to a normal start that still reaches `ready`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route

from tests.e2e.site_server import Served
from tests.e2e.widget_helpers import assert_outputs_match, wait_ready, widget

EMBED = "embed/cache-hit-rate/"


def started_from(page: Page) -> str:
    return page.evaluate("window.__scalingBook.runtime.startedFrom")


def test_snapshot_is_used_when_it_matches(site: Served, page: Page) -> None:
    """By default the widget's Python is restored from the snapshot, with CPython's numbers."""
    manifest = json.loads((site.root / "assets/js/widgets/runtime.json").read_text())
    assert manifest["snapshot"]["pyodide"] == manifest["pyodide"]["version"]
    page.goto(site.url + EMBED + "?cache_size=5000")
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    assert started_from(page) == "snapshot"
    assert_outputs_match(root, "cache-hit-rate", {"cache_size": 5000})


def _corrupt(route: Route) -> None:
    route.fulfill(status=200, body=b"\x1f\x8b" + b"not really a snapshot" * 1000)


def _garbage_uncompressed(route: Route) -> None:
    route.fulfill(status=200, body=b"\x00asm" + bytes(4096))


def _starts_normally_with_the_right_numbers(site: Served, page: Page) -> None:
    page.goto(site.url + EMBED)
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    assert started_from(page) == "normal start"
    assert_outputs_match(root, "cache-hit-rate", {})


def _missing(route: Route) -> None:
    route.fulfill(status=404, body=b"gone")


@pytest.mark.parametrize(
    "breakage", [_corrupt, _garbage_uncompressed, _missing], ids=["corrupt", "garbage", "missing"]
)
def test_unusable_snapshot_falls_back_to_a_normal_start(
    site: Served, page: Page, breakage: Callable[[Route], None]
) -> None:
    """A corrupt, nonsensical or missing snapshot costs time, never the widget."""
    page.context.route(re.compile(r"widgets-snapshot\.bin$"), breakage)
    _starts_normally_with_the_right_numbers(site, page)


def test_snapshot_for_another_pyodide_is_not_used(site: Served, page: Page) -> None:
    """A version mismatch (stale snapshot) is never loaded: Python starts normally."""
    snapshot_requests: list[str] = []
    page.context.on(
        "request", lambda r: "widgets-snapshot" in r.url and snapshot_requests.append(r.url)
    )

    def stale_manifest(route: Route) -> None:
        manifest = json.loads((site.root / "assets/js/widgets/runtime.json").read_text())
        manifest["snapshot"]["pyodide"] = "0.0.1"
        route.fulfill(status=200, content_type="application/json", body=json.dumps(manifest))

    page.context.route(re.compile(r"runtime\.json$"), stale_manifest)
    _starts_normally_with_the_right_numbers(site, page)


def test_return_visit_restores_from_cache_storage(site: Served, page: Page) -> None:
    """A second visit restores Python from Cache Storage: no snapshot download, same numbers."""
    page.goto(site.url + EMBED)
    wait_ready(widget(page, "cache-hit-rate"))
    assert started_from(page) == "snapshot"
    # The worker stores the snapshot once the first result is out, then says so.
    page.wait_for_function("window.__scalingBook.runtime.snapshotKept === true")
    keys = page.evaluate(
        "caches.open('scaling-book-python-snapshot').then(c => c.keys()).then(k => k.length)"
    )
    assert keys == 1
    downloads: list[str] = []
    page.context.on("request", lambda r: "widgets-snapshot" in r.url and downloads.append(r.url))
    second = page.context.new_page()
    second.goto(site.url + EMBED + "?skew=1.2")
    root = widget(second, "cache-hit-rate")
    wait_ready(root)
    assert started_from(second) == "snapshot"
    assert downloads == []
    assert_outputs_match(root, "cache-hit-rate", {"skew": 1.2})
    second.close()
