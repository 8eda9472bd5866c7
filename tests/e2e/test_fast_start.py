"""Fast start: Python comes from the build's memory snapshot, and every way the
snapshot can be unusable falls back to a normal start that still reaches `ready`."""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Route

from book_bench.site_server import Link, Served, StaticHandler, runtime_dir, serve
from tests.e2e.conftest import Watch
from tests.e2e.widget_helpers import assert_outputs_match, wait_ready, widget

EMBED = "embed/cache-hit-rate/"


def started_from(page: Page) -> str:
    return page.evaluate("window.__liveWidgets.runtime.startedFrom")


def test_snapshot_is_used_when_it_matches(site: Served, page: Page) -> None:
    """By default the widget's Python is restored from the snapshot, with CPython's numbers."""
    manifest = json.loads((runtime_dir(site.root) / "runtime.json").read_text())
    assert manifest["snapshot"]["pyodide"] == manifest["pyodide"]["version"]
    page.goto(site.url + EMBED + "?cache_size=5000")
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    assert started_from(page) == "snapshot"
    assert_outputs_match(root, "cache-hit-rate", {"cache_size": 5000})


def test_a_slow_link_starts_without_the_snapshot(site: Served, page: Page) -> None:
    """At 4 Mbit/s the 7.4 MB snapshot would take about 15 s to arrive, far more than
    the 2.5 s of start-up it is allowed to save (and more than a busy machine needs to
    judge the link, so it cannot arrive whole first): the page starts normally without waiting
    for it, twice, and the host never sends it whole (not even in the background for
    next time); the same page on a fast link restores Python from it."""
    link = Link(bytes_per_s=4e6 / 8)
    with serve(site.root, link=link) as slow:
        for _visit in range(2):
            page.goto(slow.url + EMBED + "?cache_size=5000")
            root = widget(page, "cache-hit-rate")
            wait_ready(root)
            assert started_from(page) == "normal start"
            assert_outputs_match(root, "cache-hit-rate", {"cache_size": 5000})
    assert link.sent["widgets-snapshot.bin"] == 0
    assert link.sent["pyodide.asm.wasm.gzip.bin"] >= 1  # the host did count what it sent
    page.goto(site.url + EMBED)
    wait_ready(widget(page, "cache-hit-rate"))
    assert started_from(page) == "snapshot"


def _snapshot_that_slows_to_a_crawl(sent: Counter[str]) -> type[StaticHandler]:
    """A host that sends the first quarter of the snapshot at once, then 4 kB every
    50 ms (80 kB/s): fast enough for the worker to start restoring from it, far too
    slow for the rest to arrive within the start-up it would save. It counts the other
    files it sends in full."""

    class Host(StaticHandler):
        def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
            name = self.path.split("?")[0].rsplit("/", 1)[-1]
            if name != "widgets-snapshot.bin":
                super().copyfile(source, outputfile)
                sent[name] += 1
                return
            data = source.read()
            head = len(data) // 4
            with contextlib.suppress(OSError):  # the worker lets it go: the connection closes
                outputfile.write(data[:head])
                outputfile.flush()
                for start in range(head, len(data), 4096):
                    time.sleep(0.05)  # the host's pace, not a test's wait
                    outputfile.write(data[start : start + 4096])
                    outputfile.flush()

    return Host


def test_a_restore_given_up_on_ends_instead_of_waiting_forever(site: Served, page: Page) -> None:
    """A snapshot that slows to a crawl once Pyodide has begun restoring from it is given
    up, and the page goes live by a normal start with the right numbers. The restore
    given up on is told its bytes will not come, so it ends (and its 31 MB buffer and
    Pyodide instance can be freed) before the normal start, rather than waiting for
    them until the page closes. The normal start downloads nothing the restore had
    already fetched: Pyodide's binary and standard library are sent once."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    sent: Counter[str] = Counter()
    asked: Counter[str] = Counter()  # requests, answered by the host or the HTTP cache
    page.context.on("request", lambda request: asked.update([request.url.rsplit("/", 1)[-1]]))
    with serve(site.root, handler=_snapshot_that_slows_to_a_crawl(sent)) as host:
        page.goto(host.url + EMBED)
        root = widget(page, "cache-hit-rate")
        wait_ready(root)
        assert started_from(page) == "normal start"
        assert_outputs_match(root, "cache-hit-rate", {})
    stopped = [m for m in messages if m.startswith("Python snapshot restore stopped")]
    assert stopped and "more for it" in stopped[0], messages
    for name in ("pyodide.asm.wasm.gzip.bin", "python_stdlib.zip"):
        assert sent[name] == 1 and asked[name] == 1, (name, sent, asked)


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


def _another_pyodide(snapshot: dict[str, object]) -> None:
    snapshot["pyodide"] = "0.0.1"


def _runs_past_the_end(snapshot: dict[str, object]) -> None:
    snapshot["runs"] = [[0, snapshot["packed"]], [snapshot["size"], 4096]]


def _runs_out_of_order(snapshot: dict[str, object]) -> None:
    runs = snapshot["runs"]
    assert isinstance(runs, list)
    snapshot["runs"] = list(reversed(runs))


@pytest.mark.parametrize(
    "change",
    [_another_pyodide, _runs_past_the_end, _runs_out_of_order],
    ids=["version-mismatch", "runs-past-the-end", "runs-out-of-order"],
)
def test_snapshot_the_manifest_rules_out_is_not_even_fetched(
    site: Served, page: Page, change: Callable[[dict[str, object]], None]
) -> None:
    """A stale snapshot (made for another Pyodide), or one whose layout cannot be
    unpacked, is never downloaded or loaded: Python starts normally."""
    snapshot_requests: list[str] = []
    page.context.on(
        "request", lambda r: "widgets-snapshot" in r.url and snapshot_requests.append(r.url)
    )

    def changed_manifest(route: Route) -> None:
        manifest = json.loads((runtime_dir(site.root) / "runtime.json").read_text())
        change(manifest["snapshot"])
        route.fulfill(status=200, content_type="application/json", body=json.dumps(manifest))

    page.context.route(re.compile(r"runtime\.json$"), changed_manifest)
    _starts_normally_with_the_right_numbers(site, page)
    assert snapshot_requests == []


def test_build_without_a_snapshot_starts_normally(site: Served, page: Page) -> None:
    """A build made with BOOK_SNAPSHOT=0 (or without Node) has no snapshot in its
    manifest: Python starts normally, and no request is left hanging."""
    finished: list[str] = []
    started: list[str] = []
    page.context.on("request", lambda r: started.append(r.url))
    page.context.on("requestfinished", lambda r: finished.append(r.url))
    page.context.on("requestfailed", lambda r: finished.append(r.url))

    def without_snapshot(route: Route) -> None:
        manifest = json.loads((runtime_dir(site.root) / "runtime.json").read_text())
        del manifest["snapshot"]
        route.fulfill(status=200, content_type="application/json", body=json.dumps(manifest))

    page.context.route(re.compile(r"runtime\.json$"), without_snapshot)
    _starts_normally_with_the_right_numbers(site, page)
    # The helper worker started before the manifest came is let go once loaded, not
    # cut off halfway through loading its own scripts (a normal start takes seconds,
    # loading the helper a fraction of one).
    assert sorted(started) == sorted(finished)


def _rewrite(page: Page, script: str, old: str, new: str) -> None:
    """Serve `script` with `old` replaced by `new` (which must be in it)."""

    def handle(route: Route) -> None:
        response = route.fetch()
        body = response.text()
        assert old in body, f"{script} no longer contains {old!r}"
        route.fulfill(response=response, body=body.replace(old, new))

    page.context.route(re.compile(re.escape("/" + script) + "$"), handle)


def test_missing_snapshot_code_falls_back_to_a_normal_start(
    site: Served, page: Page, watch: Watch
) -> None:
    """Without the code that fetches and unpacks the snapshot (a partial deploy, a
    blocked script), Python still starts, normally."""
    watch.allow_console.append(re.compile(r"404"))
    page.context.route(
        re.compile(r"snapshot-source\.js$"), lambda route: route.fulfill(status=404, body="gone")
    )
    _starts_normally_with_the_right_numbers(site, page)


def test_helper_that_cannot_start_falls_back_to_a_normal_start(site: Served, page: Page) -> None:
    """The helper worker's script missing (a worker's own workers are not routed, so the
    page asks for a file that does not exist): Python starts normally."""
    _rewrite(page, "snapshot-source.js", '"./snapshot-worker.js"', '"./no-such-helper.js"')
    _starts_normally_with_the_right_numbers(site, page)


def test_snapshot_without_a_helper_worker(site: Served, page: Page) -> None:
    """Where a worker cannot start workers of its own, the Python worker fetches and
    unpacks the snapshot itself, and keeps it for the next visit all the same."""
    _rewrite(
        page, "worker.js", "const MANIFEST_URL", "self.Worker = undefined;\nconst MANIFEST_URL"
    )
    page.goto(site.url + EMBED)
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    assert started_from(page) == "snapshot"
    assert_outputs_match(root, "cache-hit-rate", {})
    page.wait_for_function("() => window.__liveWidgets.runtime.snapshotKept === true")


def test_return_visit_restores_from_cache_storage(site: Served, page: Page) -> None:
    """A second visit restores Python from Cache Storage: no snapshot download, same numbers."""
    page.goto(site.url + EMBED)
    wait_ready(widget(page, "cache-hit-rate"))
    assert started_from(page) == "snapshot"
    # The worker stores the snapshot once the first result is out, then says so.
    page.wait_for_function("() => window.__liveWidgets.runtime.snapshotKept === true")
    keys = page.evaluate(
        "caches.open('live-widgets-snapshot').then(c => c.keys()).then(k => k.length)"
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


EARLY_WORKER_READY = """() => (window.__liveWidgetsEarlyWorker?.messages || [])
  .some((m) => m.type === "progress" && m.stage === "ready")"""


def test_embed_page_starts_python_before_its_modules_load(site: Served, page: Page) -> None:
    """An embed page starts Python from its first lines, not once its modules have
    loaded: with the widget code held back until that worker is ready, the runtime
    takes the worker over with what it said meanwhile (one worker, started once)."""
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    held: list[Route] = []
    page.context.route(re.compile(r"/js/boot\.js(\?.*)?$"), lambda route: held.append(route))
    page.goto(site.url + EMBED, wait_until="commit")
    page.wait_for_function(EARLY_WORKER_READY)
    assert len(held) == 1
    held[0].continue_()
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    assert_outputs_match(root, "cache-hit-rate", {})
    assert started_from(page) == "snapshot"
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 1
    assert page.evaluate("window.__liveWidgetsEarlyWorker === undefined")
    python_workers = [url for url in workers if url.endswith("/js/worker.js")]
    assert len(python_workers) == 1, workers


@pytest.mark.parametrize("start", ["snapshot", "normal start"])
def test_pyodides_own_lock_file_is_not_fetched(
    site: Served, page: Page, watch: Watch, start: str
) -> None:
    """The worker gives Pyodide the book's lock (no packages: the models need none), so
    neither start fetches and indexes Pyodide's 119 kB lock of 350 packages."""
    if start == "normal start":
        page.context.route(re.compile(r"widgets-snapshot\.bin$"), _missing)
    page.goto(site.url + EMBED)
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    assert started_from(page) == start
    assert_outputs_match(root, "cache-hit-rate", {})
    binary = "/pyodide.asm.wasm.gzip.bin"
    assert any(url.endswith(binary) for url in watch.requests)  # Pyodide did load
    assert not [url for url in watch.requests if url.endswith("pyodide-lock.json")]


class _HostThatInflatesTheBinaryCopy(StaticHandler):
    """A host that sends the binary's gzip copy with Content-Encoding: gzip, as one that
    compresses by file name might: the browser inflates it in transit."""

    def end_headers(self) -> None:
        if self.path.split("?")[0].endswith("/pyodide.asm.wasm.gzip.bin"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


def test_a_binary_the_host_already_inflated_is_not_inflated_again(site: Served, page: Page) -> None:
    """The binary helper inflates only bytes that start as gzip does: when the host has
    had the browser inflate the copy on the way, the WebAssembly that arrives is
    compiled as it is, Python goes live, and the original is never fetched."""
    asked: Counter[str] = Counter()
    page.context.on("request", lambda request: asked.update([request.url.rsplit("/", 1)[-1]]))
    with serve(site.root, handler=_HostThatInflatesTheBinaryCopy) as host:
        page.goto(host.url + EMBED + "?cache_size=5000")
        root = widget(page, "cache-hit-rate")
        wait_ready(root)
        assert_outputs_match(root, "cache-hit-rate", {"cache_size": 5000})
    assert asked["pyodide.asm.wasm.gzip.bin"] == 1, asked
    assert asked["pyodide.asm.wasm"] == 0, asked


def test_a_binary_helper_that_cannot_start_leaves_the_original_to_python(
    site: Served, page: Page
) -> None:
    """The binary helper's script missing (a policy that allows no nested worker, a
    partial deploy; a worker's own workers are not routed, so the page asks for a file
    that does not exist): Python's worker fetches and compiles the original binary
    itself, goes live from the snapshot, and the gzip copy is never asked for."""
    asked: Counter[str] = Counter()
    page.context.on("request", lambda request: asked.update([request.url.rsplit("/", 1)[-1]]))
    _rewrite(page, "worker.js", '"./binary-worker.js"', '"./no-such-binary-helper.js"')
    page.goto(site.url + EMBED)
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    assert started_from(page) == "snapshot"
    assert_outputs_match(root, "cache-hit-rate", {})
    assert asked["pyodide.asm.wasm"] == 1, asked
    assert asked["pyodide.asm.wasm.gzip.bin"] == 0, asked
