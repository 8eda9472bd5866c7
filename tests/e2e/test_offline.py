"""Offline reading: after one visit, the service worker (live-widgets-sw.js) keeps every
page and Python, so with the network cut every chapter opens and its widgets go live;
a new build's worker replaces the old caches."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from book_bench.site_server import Served, StaticHandler, runtime_dir, serve
from live_widgets.offline import CACHE_PREFIX, precache_entries, write_service_worker
from tests.e2e.bare_chromium import bare_page
from tests.e2e.test_csp import RECORD_VIOLATIONS, violations
from tests.e2e.widget_helpers import (
    READY_TIMEOUT_MS,
    assert_outputs_match,
    block_params,
    reveal,
    set_param,
    wait_ready,
)
from tests.widget_declarations import alternates
from widgets import get_spec

CHAPTER = "caching/"
_VERSION = re.compile(r'"version":"([0-9a-f]+)"')


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """This file's tests need the service worker, which conftest's context blocks."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    yield context
    context.close()


def worker_version(root: Path) -> str:
    found = _VERSION.search((root / "live-widgets-sw.js").read_text(encoding="utf-8"))
    assert found, "the built service worker names no version"
    return found.group(1)


def chapters(root: Path) -> list[str]:
    """Every reading page of the build (not the embed pages), as site-relative URLs."""
    pages = sorted(p.parent.relative_to(root).as_posix() for p in root.glob("**/index.html"))
    return [
        "" if page == "." else f"{page}/"
        for page in pages
        if not page.startswith(("embed/", "search"))
    ]


def visit_once(page: Page, url: str, root: Path) -> None:
    """One visit to a chapter with a widget: live, the snapshot kept (if the build made
    one), and this build's worker active with every page and Python's files kept."""
    page.goto(url + CHAPTER)
    widget = page.locator("[data-widget]").first
    reveal(widget)
    wait_ready(widget)
    manifest = json.loads((runtime_dir(root) / "runtime.json").read_text(encoding="utf-8"))
    if manifest.get("snapshot"):
        page.wait_for_function(
            "() => window.__liveWidgets.runtime.snapshotKept === true", timeout=READY_TIMEOUT_MS
        )
    wait_kept(page, worker_version(root))


def wait_kept(page: Page, version: str) -> None:
    page.wait_for_function(
        """version => {
             const s = window.__liveWidgetsOffline?.status;
             return s && s.version === version && s.shell === 0 && s.runtime === 0;
           }""",
        arg=version,
        timeout=READY_TIMEOUT_MS,
    )


def recomputes(page: Page) -> None:
    """Each widget on the page goes live and recomputes to CPython's numbers."""
    for root in page.locator("[data-widget]").all():
        name = root.get_attribute("data-widget") or ""
        reveal(root)
        wait_ready(root)
        params = block_params(root)
        param, value = next(iter(alternates(get_spec(name)).items()))
        set_param(root, param, value)
        params[param] = value
        expect(root).to_have_attribute("data-state", "ready")
        assert_outputs_match(root, name, params)


def test_every_chapter_opens_offline_after_one_visit(site: Served, page: Page) -> None:
    """The target of issue 20: one visit, the network cut, then every chapter renders
    and its widgets go live and recompute, with no CSP violation along the way."""
    page.add_init_script(RECORD_VIOLATIONS)
    visit_once(page, site.url, site.root)
    page.context.set_offline(True)
    for chapter in chapters(site.root):
        page.goto(site.url + chapter)
        expect(page.locator("article h1").first).to_be_visible()
        recomputes(page)
        assert violations(page) == [], chapter


def _counting_host(asked: Counter[str]) -> type[StaticHandler]:
    """A host that counts the GET requests it is sent, by site-relative URL path (a
    revalidation answered 304 counts too: it still asks the host)."""

    class Host(StaticHandler):
        def do_GET(self) -> None:
            asked[unquote(self.path.split("?")[0]).lstrip("/")] += 1
            super().do_GET()

    return Host


def test_a_new_build_replaces_the_old_caches(site: Served, tmp_path: Path) -> None:
    """A changed file makes a new worker: pages show the new build online at once, the
    new worker takes over, keeps Python's unchanged files without a new download (the
    host is not asked for any of them again), and leaves only its own cache (and the
    snapshot's); with the host gone, the new page is served and its widget goes live
    from the cache. Driven without Playwright, whose DevTools attachment keeps the old
    worker from ever going idle (bare_chromium.py)."""
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    old = worker_version(copy)
    # Python's files (and the search packs): the "runtime" group, unchanged by the edit.
    runtime = [unquote(e.url) for e in precache_entries(copy) if e.group == "runtime"]
    asked: Counter[str] = Counter()
    marker = '<p id="new-build">This page is from the new build.</p>'
    # Kept, and activation over (the old caches deleted): the registration's active
    # worker has activated and controls the page, and none waits or installs. A status
    # with the new version alone is not enough: an installed worker that has not yet
    # activated answers "status" too, while its predecessor still controls the page.
    kept = """() => {{
                const s = window.__liveWidgetsOffline?.status;
                const r = window.__registration, c = navigator.serviceWorker.controller;
                const done = r && c && r.active === c && c.state === "activated"
                  && !r.waiting && !r.installing;
                return done && s && s.version === {0} && s.shell === 0 && s.runtime === 0 && s;
              }}"""
    registration = """navigator.serviceWorker.getRegistration()
                      .then((r) => Boolean(window.__registration = r))"""
    live = """() => {
                const root = document.querySelector("[data-widget]");
                root?.scrollIntoView();
                return root?.dataset.state === "ready";
              }"""
    with bare_page() as page:
        with serve(copy, handler=_counting_host(asked)) as served:
            page.goto(served.url + CHAPTER)
            assert page.wait_for(live)
            page.wait_for("() => navigator.serviceWorker.controller")
            assert page.evaluate(registration)
            page.wait_for(kept.format(json.dumps(old)))
            before = {name: asked[name] for name in runtime}
            assert any(name.endswith("python_stdlib.zip") and n for name, n in before.items())

            chapter = copy / CHAPTER / "index.html"
            html = chapter.read_text(encoding="utf-8")
            chapter.write_text(html.replace("</article>", marker + "</article>", 1), "utf-8")
            write_service_worker(copy)
            new = worker_version(copy)
            assert new != old

            page.goto(served.url + CHAPTER)  # network first: the new page, before the new worker
            assert page.evaluate("Boolean(document.getElementById('new-build'))")
            assert page.evaluate(registration)
            page.evaluate("window.__registration.update()")
            status = page.wait_for(kept.format(json.dumps(new)))
            assert status["version"] == new
            again = {name: asked[name] - n for name, n in before.items() if asked[name] > n}
            assert again == {}, "the new worker fetched unchanged runtime files again"
            names = set(page.evaluate("caches.keys()"))
            assert names - {"live-widgets-snapshot"} == {CACHE_PREFIX + new}
            assert page.evaluate(
                "navigator.serviceWorker.getRegistration().then((r) => [r.installing, r.waiting])"
            ) == [None, None]
        # The server is gone: only the new worker's cache can answer.
        page.goto(served.url + CHAPTER)
        assert page.evaluate("Boolean(document.getElementById('new-build'))")
        assert page.wait_for(live)


def controlled_and_kept(page: Page, url: str) -> None:
    """The chapter, controlled by this build's worker, its pages and assets kept."""
    page.goto(url + CHAPTER)
    page.wait_for_function(
        """() => navigator.serviceWorker.controller
                 && window.__liveWidgetsOffline?.status?.shell === 0""",
        timeout=READY_TIMEOUT_MS,
    )


# In the page: delete this worker's cache (making `newer` first, if given, as a newer
# build's worker has by its activation), then ask the worker for its status and fetch
# the page through it; the offline caches left afterwards.
_AFTER_DELETION = """async ([prefix, newer]) => {
    const name = (await caches.keys()).find((n) => n.startsWith(prefix));
    if (newer) await caches.open(newer);
    await caches.delete(name);
    const workers = navigator.serviceWorker;
    const answered = new Promise((r) => workers.addEventListener("message", r, { once: true }));
    workers.controller.postMessage({ type: "status" });
    await answered;
    const page = await fetch(location.href);
    if (!page.ok) throw new Error(`the worker answered ${page.status}`);
    return { gone: name, left: (await caches.keys()).filter((n) => n.startsWith(prefix)) };
}"""


def test_a_replaced_worker_never_recreates_its_deleted_cache(site: Served, page: Page) -> None:
    """Once a newer build's worker has deleted the old cache, the old worker (which still
    answers its pages until the new one claims them) neither brings it back, empty, on a
    status request or a fetch, nor fails to answer the page."""
    controlled_and_kept(page, site.url)
    newer = CACHE_PREFIX + "newer"
    caches = page.evaluate(_AFTER_DELETION, [CACHE_PREFIX, newer])
    assert caches["left"] == [newer]


def test_a_worker_whose_caches_were_cleared_keeps_again(site: Served, page: Page) -> None:
    """With every cache cleared (by the reader) and no newer build, the worker makes its
    cache anew, so the pages it answers are kept for offline reading again."""
    controlled_and_kept(page, site.url)
    caches = page.evaluate(_AFTER_DELETION, [CACHE_PREFIX, None])
    assert caches["left"] == [caches["gone"]]


def without_offline_reading(root: Path) -> None:
    """Make the site at `root` a build with offline reading off, as `offline: false`
    makes it: no worker script, and a runtime manifest that names none, in a new runtime
    folder the pages point to (the old one is versioned, so the worker answers it)."""
    old = runtime_dir(root).parent
    new = old.with_name(old.name + "off")
    shutil.copytree(old, new)
    manifest = new / "js" / "runtime.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["offline"] = None
    manifest.write_text(json.dumps(data), "utf-8")
    for html in root.glob("**/*.html"):
        text = html.read_text(encoding="utf-8")
        html.write_text(text.replace(f"/{old.name}/", f"/{new.name}/"), "utf-8")
    (root / "live-widgets-sw.js").unlink()


def test_a_build_without_offline_reading_removes_the_worker_and_its_caches(
    site: Served, page: Page, tmp_path: Path
) -> None:
    """A reader who kept the site once, then visits a build with offline reading turned
    off: the first page unregisters the earlier worker, and from the next page on no
    worker answers and every build's offline cache (named by the manifest) is gone, so
    nothing stale is served or kept on their device. (The worker still answers the page
    it controlled, and may keep a little for it; the next page deletes that.)"""
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    off = "() => window.__liveWidgetsOffline?.state === 'off'"
    with serve(copy) as served:
        controlled_and_kept(page, served.url)
        assert any(name.startswith(CACHE_PREFIX) for name in page.evaluate("caches.keys()"))
        without_offline_reading(copy)
        page.goto(served.url + CHAPTER)  # network first: the new build's page
        page.wait_for_function(off, timeout=READY_TIMEOUT_MS)
        assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []
        page.goto(served.url + CHAPTER)
        page.wait_for_function(off, timeout=READY_TIMEOUT_MS)
        assert page.evaluate("navigator.serviceWorker.controller") is None
        names = page.evaluate("caches.keys()")
        assert [name for name in names if name.startswith(CACHE_PREFIX)] == []


def test_registration_is_silent_in_a_sandboxed_frame(site: Served, page: Page) -> None:
    """Where no service worker can exist (an embed page in a sandboxed frame, an opaque
    origin) the widget still goes live and registration neither throws nor logs."""
    page.set_content(
        f'<iframe sandbox="allow-scripts" src="{site.url}embed/cache-hit-rate/"></iframe>'
    )
    frame = page.frame_locator("iframe")
    expect(frame.locator("[data-widget]")).to_have_attribute(
        "data-state", "ready", timeout=READY_TIMEOUT_MS
    )
    inner = page.frames[1]
    inner.wait_for_function("() => window.__liveWidgetsOffline?.state === 'unavailable'")
