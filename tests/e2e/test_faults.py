"""Runtime faults the reader must never wait out: a runtime file that fails or stalls,
a worker that dies (loudly or silently), a damaged snapshot in Cache Storage.

Each error must appear within ERROR_WITHIN_MS of the fault, with a Retry that works;
a dead worker is replaced without the reader doing anything.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from book_bench.browser import launch_options
from book_bench.site_server import Served, StaticHandler, runtime_dir, serve
from tests.e2e.conftest import Watch
from tests.e2e.route_fault import Fault
from tests.e2e.test_resilience import alternate
from tests.e2e.widget_helpers import (
    READY_TIMEOUT_MS,
    assert_outputs_match,
    set_param,
    wait_ready,
    widget,
)

NAME = "cache-hit-rate"
EMBED = f"embed/{NAME}/"
ERROR_WITHIN_MS = 15_000  # the bound: no fault keeps the reader waiting longer
FAILED_LOAD = re.compile("Failed to load resource|net::ERR_FAILED|wasm instantiation failed")

# Each runtime file Python needs to start, as the worker asks for it, and how the worker
# takes it in: fetched ("downloaded", given STALL_MS without a byte) or imported as a
# module ("loaded", given IMPORT_STALL_MS). The wheel is only fetched by a normal start,
# so that case takes the snapshot away first.
STALLED_FILES = {
    "runtime.json": (r"/js/runtime\.json$", "downloaded"),
    "pyodide.mjs": (r"/pyodide/pyodide\.mjs$", "loaded"),
    "pyodide.asm.mjs": (r"/pyodide/pyodide\.asm\.mjs$", "loaded"),
    "pyodide.asm.wasm.gzip.bin": (r"/pyodide/pyodide\.asm\.wasm\.gzip\.bin$", "downloaded"),
    "python_stdlib.zip": (r"/pyodide/python_stdlib\.zip$", "downloaded"),
    "wheel": (r"\.whl$", "downloaded"),
}
STALL_LIMITS = {"downloaded": "STALL_MS", "loaded": "IMPORT_STALL_MS"}


def stall_seconds(site: Served, constant: str) -> int:
    """A stall limit of the built worker.js (`const STALL_MS = 8_000;`), in seconds."""
    text = (runtime_dir(site.root) / "worker.js").read_text(encoding="utf-8")
    found = re.search(rf"^const {constant} = ([\d_]+);", text, re.M)
    assert found, f"worker.js declares no {constant}"
    return round(int(found.group(1).replace("_", "")) / 1000)


def _without_snapshot(page: Page) -> None:
    page.context.route(
        re.compile(r"widgets-snapshot\.bin$"), lambda route: route.fulfill(status=404, body="")
    )


def _assert_error_then_retry_recovers(page: Page, fault: Fault, message: re.Pattern[str]) -> None:
    root = widget(page, NAME)
    expect(root).to_have_attribute("data-state", "error", timeout=ERROR_WITHIN_MS)
    expect(root.locator(".w-status")).to_contain_text(message)
    assert_outputs_match(root, NAME, {})  # the build-time results stay
    fault.clear()
    retry = root.locator(".w-retry")
    expect(retry).to_be_visible()
    retry.click()
    wait_ready(root)
    assert_outputs_match(root, NAME, {})
    expect(retry).to_be_hidden()


@pytest.mark.parametrize("file", list(STALLED_FILES))
def test_stalled_download_is_reported_within_seconds(
    site: Served, page: Page, watch: Watch, file: str
) -> None:
    """A runtime file whose download never progresses: a clear error naming it and the
    worker's stall limit for it (so the stall timer, not some other failure, ended the
    start), well within 15 s, not the two-minute start limit; Retry, once it flows,
    brings Python up."""
    watch.allow_console.append(FAILED_LOAD)
    if file == "wheel":
        _without_snapshot(page)

    pattern, verb = STALLED_FILES[file]
    fault = Fault(page, pattern, lambda route: fault.hold(route)).install()
    # The clock starts when the file is asked for (a normal start reaches the wheel
    # only after Python has started, which takes a while on a busy machine).
    wanted = re.compile(pattern)
    with page.context.expect_event(
        "request",
        lambda request: bool(wanted.search(request.url)) and request.method == "GET",
        timeout=READY_TIMEOUT_MS,
    ):
        page.goto(site.url + EMBED)
    label = r"[\w.-]+\.whl" if file == "wheel" else re.escape(file)
    seconds = stall_seconds(site, STALL_LIMITS[verb])
    said = re.escape(f" could not be {verb}: nothing arrived for {seconds} s.")
    _assert_error_then_retry_recovers(page, fault, re.compile(rf"(^|\s){label}{said}"))
    assert fault.held, f"{file} was never requested"


def _truncated(route: Route) -> None:
    response = route.fetch()
    route.fulfill(response=response, body=response.body()[:200_000])


def _missing(route: Route) -> None:
    route.fulfill(status=404, body="not here")


def _refused(route: Route) -> None:
    route.abort()


@pytest.mark.parametrize(
    ("fault_at", "message"),
    [
        (_truncated, "could not be compiled"),
        (_missing, "could not be downloaded: HTTP 404"),
        (_refused, "could not be downloaded: the network request failed"),
    ],
    ids=["cut-short", "missing", "refused"],
)
def test_a_broken_binary_is_reported_within_seconds(
    site: Served, page: Page, watch: Watch, fault_at: Callable[[Route], None], message: str
) -> None:
    """Pyodide's binary (the gzip copy the start fetches) arriving truncated, answering
    404 or refused: an error naming it, worded by Python's worker, within seconds (Emscripten alone would only log,
    and wait for ever), and Retry recovers."""
    watch.allow_console.append(FAILED_LOAD)
    fault = Fault(page, r"/pyodide/pyodide\.asm\.wasm\.gzip\.bin$", fault_at)
    fault.install()
    page.goto(site.url + EMBED)
    _assert_error_then_retry_recovers(
        page, fault, re.compile(re.escape("pyodide.asm.wasm.gzip.bin ") + message)
    )


def test_failed_download_is_reported_at_once(site: Served, page: Page, watch: Watch) -> None:
    """A runtime file whose request fails outright: the error names it, and Retry works."""
    watch.allow_console.append(FAILED_LOAD)
    fault = Fault(page, r"/pyodide/python_stdlib\.zip$", lambda route: route.abort())
    fault.install()
    page.goto(site.url + EMBED)
    _assert_error_then_retry_recovers(page, fault, re.compile("python_stdlib.zip"))


@dataclass
class Ledger:
    """What a host sent: complete answers per file name, and whether it broke one."""

    full: Counter[str] = field(default_factory=Counter)
    broke: bool = False


# What a failed start had fully received and used, which Retry must not download again.
REUSED = ("pyodide.asm.mjs", "pyodide.asm.wasm.gzip.bin", "python_stdlib.zip")


def _host_that_breaks_the_wheel_once(ledger: Ledger) -> type[StaticHandler]:
    """A host with no snapshot that cuts the models' wheel off halfway, once. Pyodide
    asks for the wheel only after its own files have loaded, so those have arrived."""

    class Host(StaticHandler):
        def send_head(self):  # type: ignore[no-untyped-def]
            if self.path.split("?")[0].endswith("widgets-snapshot.bin"):
                self.send_error(404)
                return None
            return super().send_head()

        def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
            name = self.path.split("?")[0].rsplit("/", 1)[-1]
            if name.endswith(".whl") and not ledger.broke:
                ledger.broke = True
                data = source.read()
                with contextlib.suppress(OSError):
                    outputfile.write(data[: len(data) // 2])  # then HTTP/1.0 closes
                return
            super().copyfile(source, outputfile)
            ledger.full[name] += 1

    return Host


def test_retry_reuses_what_already_arrived(site: Served, browser: Browser, tmp_path: Path) -> None:
    """A start that fails on one file (the wheel, cut off halfway) keeps what did arrive:
    Retry downloads the wheel again, but Pyodide's JavaScript, binary (its 3.5 MB gzip
    copy) and standard library come from the browser's cache, each sent in full only once. (A profile on
    disk, as readers have: a private context's memory cache keeps no file this big.)"""
    ledger = Ledger()
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", **launch_options(), service_workers="block"
    )
    try:
        with serve(site.root, handler=_host_that_breaks_the_wheel_once(ledger)) as host:
            page = context.new_page()
            page.goto(host.url + EMBED)
            root = widget(page, NAME)
            expect(root).to_have_attribute("data-state", "error", timeout=READY_TIMEOUT_MS)
            root.locator(".w-retry").click()
            wait_ready(root)
            assert_outputs_match(root, NAME, {})
    finally:
        context.close()
    assert ledger.broke
    assert {name: ledger.full[name] for name in REUSED} == dict.fromkeys(REUSED, 1)
    assert sum(n for name, n in ledger.full.items() if name.endswith(".whl")) == 1


# ---- dead workers -------------------------------------------------------------------

KILL_SILENTLY = "window.__liveWidgets.runtime.worker.terminate()"
KILL_LOUDLY = """() => {
  const worker = window.__liveWidgets.runtime.worker;
  worker.terminate();
  worker.dispatchEvent(new ErrorEvent("error", { message: "simulated crash" }));
}"""
REPLACED_AND_READY = """() => {
  const runtime = window.__liveWidgets.runtime;
  return runtime.replaced === 1 && runtime.stage === "ready" && runtime.starts === 2;
}"""


@pytest.mark.parametrize("how", ["silently", "with-an-error-event"])
def test_dead_worker_is_replaced_and_the_widget_recomputes(
    site: Served, page: Page, how: str
) -> None:
    """A worker that dies after start-up (no word at all, or an error event) is noticed
    within a few seconds by the heartbeat and replaced; the next change recomputes
    with CPython's numbers and no Retry is ever needed."""
    page.goto(site.url + EMBED)
    root = widget(page, NAME)
    wait_ready(root)
    page.evaluate(KILL_SILENTLY if how == "silently" else KILL_LOUDLY)
    page.wait_for_function(REPLACED_AND_READY, timeout=ERROR_WITHIN_MS)
    expect(root.locator(".w-retry")).to_be_hidden()
    param, value = alternate(NAME)
    set_param(root, param, value)
    wait_ready(root)
    assert_outputs_match(root, NAME, {param: value})


def test_worker_dead_before_a_change_still_answers_it(site: Served, page: Page) -> None:
    """A change sent to a worker that has just died silently is not lost: it fails its
    time limit at worst, and the new worker computes it (the widget ends `ready`)."""
    page.goto(site.url + EMBED)
    root = widget(page, NAME)
    wait_ready(root)
    page.evaluate(KILL_LOUDLY)
    param, value = alternate(NAME)
    set_param(root, param, value)
    wait_ready(root)
    assert_outputs_match(root, NAME, {param: value})
    assert page.evaluate("window.__liveWidgets.runtime.replaced") == 1


# ---- a damaged snapshot in Cache Storage --------------------------------------------

CORRUPT_CACHED_SNAPSHOT = """async () => {
  const cache = await caches.open("live-widgets-snapshot");
  const [request] = await cache.keys();
  const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
  for (let i = 1000; i < bytes.length; i += 4096) bytes[i] ^= 0xff;  // same length, wrong bytes
  await cache.put(request, new Response(bytes));
  return bytes.length;
}"""


def test_corrupt_cached_snapshot_is_deleted_and_not_used_again(
    site: Served, page: Page, watch: Watch
) -> None:
    """A copy in Cache Storage of the right length but the wrong bytes fails its sha256
    check: it is deleted, the snapshot is downloaded again (Python still starts from
    it) and stored afresh, so the visit after restores from the cache once more."""
    page.goto(site.url + EMBED)
    wait_ready(widget(page, NAME))
    page.wait_for_function("() => window.__liveWidgets.runtime.snapshotKept === true")
    assert page.evaluate(CORRUPT_CACHED_SNAPSHOT) > 0

    downloads: list[str] = []
    page.context.on("request", lambda r: "widgets-snapshot" in r.url and downloads.append(r.url))
    second = page.context.new_page()
    second.goto(site.url + EMBED)
    wait_ready(widget(second, NAME))
    assert second.evaluate("window.__liveWidgets.runtime.startedFrom") == "snapshot"
    assert len(downloads) == 1, "the damaged copy was used instead of downloading"
    second.wait_for_function("() => window.__liveWidgets.runtime.snapshotKept === true")
    second.close()

    third = page.context.new_page()
    third.goto(site.url + EMBED + "?skew=1.2")
    root = widget(third, NAME)
    wait_ready(root)
    assert third.evaluate("window.__liveWidgets.runtime.startedFrom") == "snapshot"
    assert len(downloads) == 1, "the fresh copy was not kept"
    assert_outputs_match(root, NAME, {"skew": 1.2})
    third.close()


# ---- notices about the URL ----------------------------------------------------------


def _notice(page: Page, query: str) -> str:
    page.goto(f"{site_url(page)}embed/{NAME}/?{query}")
    notice = widget(page, NAME).locator(".w-notice")
    expect(notice).to_be_visible()
    return notice.text_content() or ""


def site_url(page: Page) -> str:
    return page.url.split("embed/")[0]


def test_notices_are_deduplicated_and_capped(site: Served, page: Page, watch: Watch) -> None:
    """?x=1 three thousand times is one short line with a count, and fifty different
    unknown names are a few lines and a tally, not a wall of text."""
    watch.allow_console.append(FAILED_LOAD)
    page.context.route(re.compile(r"/assets/vendor/pyodide/"), lambda route: route.abort())
    page.goto(site.url)
    text = _notice(page, "&".join(["x=1"] * 3000))
    assert "Ignored unknown parameter 'x'" in text
    assert "3,000 times" in text
    assert len(text) < 200
    text = _notice(page, "&".join(f"name{i}=1" for i in range(50)))
    assert "and 42 more" in text
    assert len(text) < 1200


def test_repeated_parameter_notice_names_the_value_used(
    site: Served, page: Page, watch: Watch
) -> None:
    """A parameter given several times uses its last valid value, and the notice about
    the ignored ones says which value that is (not "the default")."""
    watch.allow_console.append(FAILED_LOAD)
    page.context.route(re.compile(r"/assets/vendor/pyodide/"), lambda route: route.abort())
    page.goto(site.url)
    text = _notice(page, "cache_size=abc&cache_size=5000&cache_size=-1")
    assert "Ignored Cache size (cache_size):" in text
    assert "using 5,000" in text
    assert "default" not in text
    expect(widget(page, NAME).locator('[name="cache_size"]')).to_have_value("5000")
    text = _notice(page, "cache_size=abc")
    assert "using the default" in text
