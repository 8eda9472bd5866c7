"""Slow links and readers who save data: progress a reader can read while Python
downloads, and no download at all until a reader who saves data asks for one."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from book_bench.site_server import Served, runtime_dir
from tests.e2e.route_fault import Fault
from tests.e2e.widget_helpers import (
    PYODIDE_BINARY,
    SAVING_DATA,
    assert_outputs_match,
    set_param,
    wait_ready,
    widget,
)
from tests.widget_declarations import hosts

NAME = "cache-hit-rate"
PYTHON_FILES = re.compile(r"/assets/vendor/pyodide/|widgets-snapshot\.bin$|\.whl$")
# Slow enough that Python's ~20 MB take several seconds, fast enough for a test.
LINK = {
    "offline": False,
    "latency": 40,
    "downloadThroughput": 20e6 / 8,
    "uploadThroughput": 5e6 / 8,
}


def _download_bytes(site: Served) -> int:
    """What download.json says "Start Python" downloads."""
    data = json.loads((runtime_dir(site.root) / "download.json").read_text(encoding="utf-8"))
    return int(data["bytes"])


def _total_mb(site: Served) -> str:
    """The totals a start may show, as a pattern: with the snapshot, or (what
    download.json states) with the wheel instead."""
    folder = runtime_dir(site.root)
    manifest = json.loads((folder / "runtime.json").read_text(encoding="utf-8"))
    normal = _download_bytes(site)
    snapshot = normal - manifest["wheel"]["bytes"] + manifest["snapshot"]["bytes"]
    return f"({snapshot / 1e6:.1f}|{normal / 1e6:.1f})"


def test_a_slow_download_shows_megabytes_and_goes_live_on_the_first_try(
    site: Served, page: Page
) -> None:
    """On a throttled link the widget shows "x of <total> MB downloaded" (the total
    the build states), a progress bar, then goes live without a restart; the line is
    gone once Python is ready."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", LINK)
    # Not the load event: what matters is the line, which the waits below look for (a
    # busy CI machine once took over 30 s to fire "load" on this throttled link).
    page.goto(site.url + f"embed/{NAME}/", wait_until="domcontentloaded")
    root = widget(page, NAME)
    line = root.locator(".w-download")
    expect(line).to_contain_text(re.compile(rf"^\d+\.\d of {_total_mb(site)} MB downloaded"))
    bar = line.locator("progress")
    assert float(bar.get_attribute("max") or 0) > float(bar.evaluate("b => b.value"))
    wait_ready(root)
    expect(line).to_have_count(0)
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 1
    assert_outputs_match(root, NAME, {})


def test_saving_data_on_a_chapter_waits_for_the_reader(site: Served, page: Page) -> None:
    """With Save-Data on, a chapter downloads none of Python's files; its widget keeps
    the build-time results and offers a button naming the size; pressing it brings it
    live, and keyboard focus moves to the status line as the button goes (not to the
    page's start, where a screen reader would lose its place)."""
    requested: list[str] = []
    page.context.on("request", lambda r: PYTHON_FILES.search(r.url) and requested.append(r.url))
    page.add_init_script(SAVING_DATA)
    page.goto(site.url + hosts()[NAME])
    root = widget(page, NAME)
    root.scroll_into_view_if_needed()
    start = root.locator(".w-start")
    expect(start).to_have_text(
        f"Start Python (downloads about {round(_download_bytes(site) / 1e6)} MB)"
    )
    expect(root.locator(".w-status-text")).to_contain_text("save data")
    # The moment a chapter would start Python: after its first frame (see boot.js).
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))")
    assert requested == [], "Python's files were downloaded before the reader asked"
    assert page.evaluate("window.__liveWidgets.runtime.stage") == "idle"
    start.focus()
    start.press("Enter")
    expect(page.locator(".w-start")).to_have_count(0)
    expect(root.locator(".w-status")).to_be_focused()
    wait_ready(root)
    expect(root.locator(".w-status")).to_be_focused()
    assert requested, "pressing the button did not start Python"
    assert_outputs_match(root, NAME, {})


def test_saving_data_a_change_waits_for_the_reader_and_says_so(site: Served, page: Page) -> None:
    """With Save-Data on, changing an input before "Start Python" downloads nothing: the
    results stay the page's, marked stale, and the status says they are not the reader's;
    the click then computes the changed settings."""
    requested: list[str] = []
    page.context.on("request", lambda r: PYTHON_FILES.search(r.url) and requested.append(r.url))
    page.add_init_script(SAVING_DATA)
    page.goto(site.url + f"embed/{NAME}/")
    root = widget(page, NAME)
    start = root.locator(".w-start")
    expect(start).to_be_visible()
    set_param(root, "cache_size", 5000)
    expect(root.locator(".w-status-text")).to_contain_text(
        "The results shown are still for this page's own settings, not yours"
    )
    expect(root).to_have_class(re.compile(r"\bw-stale\b"))
    assert requested == [], "a change downloaded Python before the reader asked"
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 0
    assert_outputs_match(root, NAME, {})  # still the build's numbers
    start.click()
    wait_ready(root)
    assert_outputs_match(root, NAME, {"cache_size": 5000})


def test_a_change_while_python_starts_is_said_to_come_later(site: Served, page: Page) -> None:
    """A change made while Python is still starting leaves the build's results on screen:
    they are marked stale and the status says they are the page's settings, not the
    reader's; once Python is up, the change is computed."""
    fault = Fault(page, PYODIDE_BINARY, lambda route: fault.hold(route)).install()
    page.goto(site.url + f"embed/{NAME}/")
    root = widget(page, NAME)
    expect(root).to_have_attribute("data-stage", re.compile("."))
    set_param(root, "cache_size", 5000)
    expect(root.locator(".w-status-text")).to_contain_text(
        "The results shown are still for this page's own settings; yours follow"
    )
    expect(root).to_have_class(re.compile(r"\bw-stale\b"))
    assert_outputs_match(root, NAME, {})
    fault.release()
    wait_ready(root)
    assert_outputs_match(root, NAME, {"cache_size": 5000})


def test_saving_data_on_an_embed_page_skips_the_early_start(site: Served, page: Page) -> None:
    """An embed page's inline early start also respects Save-Data: no worker until the
    reader clicks the button. (runtime.starts alone would not show it: the early worker
    is counted only once runtime.start() takes it over, which Save-Data defers.)"""
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    requested: list[str] = []
    page.context.on("request", lambda r: PYTHON_FILES.search(r.url) and requested.append(r.url))
    page.add_init_script(SAVING_DATA)
    page.goto(site.url + f"embed/{NAME}/")
    root = widget(page, NAME)
    expect(root.locator(".w-start")).to_be_visible()
    # The inline script in the page's head has run: it made no worker.
    assert page.evaluate("window.__liveWidgetsEarlyWorker === undefined")
    assert workers == [], "a worker started before the reader asked"
    assert requested == [], "Python's files were downloaded before the reader asked"
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 0
    root.locator(".w-start").click()
    wait_ready(root)
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 1
    assert workers and requested, "the click started no worker or downloaded nothing"


def test_the_words_say_downloading_until_the_bytes_are_here(site: Served, page: Page) -> None:
    """Pyodide starts setting itself up (stage "starting") while its binary is still on
    the way: until every byte is here the status says "Downloading Python…", as the
    progress line under it does (it said "Starting Python…" through most of a slow
    download); once the bytes are in, it goes on to start and goes live."""
    fault = Fault(page, PYODIDE_BINARY, lambda route: fault.hold(route)).install()
    page.goto(site.url + f"embed/{NAME}/")
    root = widget(page, NAME)
    expect(root).to_have_attribute("data-stage", "starting")
    expect(root.locator(".w-download")).to_be_visible()
    expect(root.locator(".w-status-text")).to_contain_text(re.compile(r"^Downloading Python…"))
    fault.release()
    wait_ready(root)
    assert_outputs_match(root, NAME, {})
