"""`make bench`: what the book costs a reader, measured in Chromium on this machine.

Builds the book (timing `mkdocs build --strict`), serves it on 127.0.0.1 and
measures, each in a fresh browser context (a cold HTTP cache):

* bytes transferred before the first contentful paint of a widget chapter, and
  until the network is idle with no interaction (Python starts by itself);
* cold time from navigation to the first Python-computed `ready` state, and the
  main-thread time blocked by long tasks on the way;
* time to `ready` after Material's instant navigation to a second widget chapter;
* input -> updated output latency (p50, p95, max) per widget, at the default and at
  the maximum parameters (there, varying each number input in turn), timed in the
  page from the input event to `ready`;

and the same cold start and latency for a naive baseline page (Pyodide on the main
thread, same wheel, same model: build/book_bench/bench_baseline.html), generated into the
built site for this run only. Every measured widget state is checked against
CPython, so a fast wrong answer cannot pass as a result.

Writes a Markdown table to stdout and bench-results/bench.md, and the raw figures
to bench-results/bench.json. Not part of `make test`: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

from playwright.sync_api import Browser, BrowserContext, Page, Request, sync_playwright

from book_bench.browser import launch_options
from book_bench.cpython import expected_outputs, same_value
from book_bench.page_scripts import INPUT_LATENCY, SETTLED
from book_bench.site_server import Link, build_site, runtime_dir, serve
from book_bench.slow_link import (
    SLOW_LINK_BYTES_PER_S,
    measure_drag,
    measure_slow_link,
    slow_link_markdown,
)
from live_widgets.core import NumberParam, ParamError, WidgetSpec
from widgets import all_specs

ROOT = Path(__file__).resolve().parents[2]

OUT_DIR = ROOT / "bench-results"
BASELINE_TEMPLATE = Path(__file__).with_name("bench_baseline.html")
BASELINE_PATH = "bench/baseline.html"
# The chapter a cold reader lands on, and the one instant navigation goes to next.
FIRST_CHAPTER = ("caching/", "cache-hit-rate")
SECOND_CHAPTER = ("10. Sharding", "sharding/", "reshard")
READY_TIMEOUT_MS = 180_000
VIEWPORT = {"width": 1280, "height": 900}
# Contexts block the offline service worker: it registers once Python has started and
# then downloads the site in the background, which would compete with what is measured.

# Installed in every document before its own scripts: paint entries, long tasks and
# the moment the first widget reaches data-state="ready".
INIT_SCRIPT = """
(() => {
  const bench = (window.__bench = { paints: {}, longTasks: [], readyAt: null });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.paints[entry.name] = entry.startTime;
  }).observe({ type: "paint", buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  new MutationObserver(() => {
    if (bench.readyAt === null && document.querySelector('[data-widget][data-state="ready"]')) {
      bench.readyAt = performance.now();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
})();
"""

BYTES_BEFORE_FCP = """
() => {
  const fcp = window.__bench.paints["first-contentful-paint"];
  const nav = performance.getEntriesByType("navigation")[0];
  let bytes = nav.transferSize;
  let files = 1;
  let blocking = nav.transferSize;  // what the first paint has to wait for
  let blockingFiles = 1;
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.responseEnd <= fcp) {
      bytes += entry.transferSize;
      files += 1;
    }
    if (entry.renderBlockingStatus === "blocking") {
      blocking += entry.transferSize;
      blockingFiles += 1;
    }
  }
  return { fcp, bytes, files, blocking, blockingFiles };
}
"""

BLOCKED_UNTIL_READY = """
() => window.__bench.longTasks
  .filter(([start]) => start < window.__bench.readyAt)
  .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0)
"""

INSTANT_NAVIGATION = """
(link, widget) => new Promise((resolve, reject) => {
  window.__sameDocument = true;
  const selector = `[data-widget="${widget}"][data-state="ready"]`;
  const observer = new MutationObserver(() => {
    if (document.querySelector(selector)) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true,
                               attributeFilter: ["data-state"] });
  setTimeout(() => reject(new Error(`${widget} never reached ready`)), 120000);
  const start = performance.now();
  link.click();
})
"""

SNAPSHOT_STORED = "() => window.__liveWidgets.runtime.snapshotKept === true"

SHOWN_OUTPUTS = """
() => Object.fromEntries([...document.querySelectorAll("[data-widget] [data-output]")]
  .map((node) => [node.dataset.output, node.dataset.value]))
"""


# ---- measuring helpers -------------------------------------------------------------


@dataclass
class Traffic:
    """Every request of a context (its pages and their workers) and its size."""

    site: Path
    base: str
    finished: list[Request] = field(default_factory=list)
    inflight: int = 0

    def attach(self, context: BrowserContext) -> None:
        context.on("request", self._started)
        context.on("requestfinished", self._finished)
        context.on("requestfailed", self._failed)

    def _started(self, _request: Request) -> None:
        self.inflight += 1

    def _finished(self, request: Request) -> None:
        self.inflight -= 1
        self.finished.append(request)

    def _failed(self, _request: Request) -> None:
        self.inflight -= 1

    def totals(self) -> dict[str, int]:
        """Bytes over the wire (headers + body, uncompressed as served here), split by
        kind, and what gzip would bring the same files to on a real host."""
        result = {"bytes": 0, "pyodide_bytes": 0, "mermaid_bytes": 0, "wheel_bytes": 0}
        result |= {"gzip_bytes": 0, "files": 0}
        for request in self.finished:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            path = urlparse(request.url).path
            result["bytes"] += size
            result["files"] += 1
            if "/vendor/pyodide/" in path:
                result["pyodide_bytes"] += size
            if "/vendor/mermaid/" in path:
                result["mermaid_bytes"] += size
            if path.endswith(".whl"):
                result["wheel_bytes"] += size
            result["gzip_bytes"] += gzipped_size(self.site, request.url, self.base) or size
        return result


_GZIP_CACHE: dict[Path, int] = {}


def gzipped_size(site: Path, url: str, base: str) -> int | None:
    if not url.startswith(base):
        return None
    path = urlparse(url).path.lstrip("/")
    file = site / (path + "index.html" if path.endswith("/") or not path else path)
    if not file.is_file():
        return None
    if file not in _GZIP_CACHE:
        _GZIP_CACHE[file] = len(gzip.compress(file.read_bytes(), compresslevel=6))
    return _GZIP_CACHE[file]


@contextmanager
def fresh_page(browser: Browser, traffic: Traffic | None = None) -> Iterator[Page]:
    """A page in a new context: nothing cached, nothing shared with earlier runs."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.add_init_script(INIT_SCRIPT)
    if traffic is not None:
        traffic.attach(context)
    try:
        yield context.new_page()
    finally:
        context.close()


def wait_until_quiet(page: Page, traffic: Traffic, quiet_ms: int = 500) -> None:
    """Network idle: no request in flight for `quiet_ms` (a benchmark may poll)."""
    quiet_since = time.monotonic()
    deadline = quiet_since + 60
    while time.monotonic() < deadline:
        if traffic.inflight > 0:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_ms / 1000:
            return
        page.wait_for_timeout(50)


def wait_first_ready(page: Page) -> float:
    page.wait_for_function("() => window.__bench.readyAt !== null", timeout=READY_TIMEOUT_MS)
    return float(page.evaluate("window.__bench.readyAt"))


def check_outputs(page: Page, widget: str, params: Mapping[str, object], where: str) -> None:
    """The figures are only worth something if the page shows what CPython computes."""
    shown: dict[str, str] = page.evaluate(SHOWN_OUTPUTS)
    expected = expected_outputs(widget, params)
    wrong = {
        k: (shown.get(k), v) for k, v in expected.items() if not same_value(shown.get(k, ""), v)
    }
    if wrong:
        raise RuntimeError(f"{where}: {widget} {dict(params)} shows {wrong} (shown, CPython)")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


# ---- what to change, and from where ------------------------------------------------


def maximum_params(spec: WidgetSpec) -> dict[str, object]:
    """Every number parameter at its maximum, as far as the cross-parameter rule allows."""
    params: dict[str, object] = {}
    for param in spec.params:
        if not isinstance(param, NumberParam):
            continue
        candidate = {**params, param.name: param.maximum}
        try:
            spec.validate(candidate)
        except ParamError:
            continue
        params = candidate
    return params


def number_params(spec: WidgetSpec) -> list[str]:
    return [param.name for param in spec.params if isinstance(param, NumberParam)]


def varied_input(
    spec: WidgetSpec, base: Mapping[str, object], only: str | None = None
) -> tuple[str, list[object]]:
    """A number parameter (the first that can move, or `only`) and two valid values for
    it to alternate between."""
    for param in spec.params:
        if not isinstance(param, NumberParam) or only not in (None, param.name):
            continue
        current = base.get(param.name, param.default)
        assert isinstance(current, (int, float))
        nudge = 1 if param.integer else (param.maximum - param.minimum) / 100
        for other in (current - nudge, current + nudge):
            value: object = int(other) if param.integer else round(other, 9)
            try:
                spec.validate({**base, param.name: value})
            except ParamError:
                continue
            return param.name, [value, current]
    raise RuntimeError(f"{spec.name}: no number parameter can be varied from {dict(base)}")


def can_vary(spec: WidgetSpec, base: Mapping[str, object], name: str) -> bool:
    """Whether `name` can move at all from `base` (at the maximum, keys cannot move below
    a cache that is as large as the keys)."""
    try:
        varied_input(spec, base, name)
    except RuntimeError:
        return False
    return True


def form_value(spec: WidgetSpec, name: str, value: object) -> object:
    param = spec.param(name)
    if isinstance(param, NumberParam):
        return int(value) if param.integer else float(value)  # type: ignore[arg-type]
    return value


# ---- the measurements ----------------------------------------------------------------


def measure_cold_chapter(browser: Browser, base: str, site: Path) -> dict[str, Any]:
    """Cold visit of a widget chapter: bytes to first paint, time to first Python
    result, bytes until idle, then instant navigation to the next widget chapter."""
    traffic = Traffic(site, base)
    path, widget = FIRST_CHAPTER
    link_name, second_path, second_widget = SECOND_CHAPTER
    with fresh_page(browser, traffic) as page:
        page.goto(base + path)
        page.wait_for_function("() => 'first-contentful-paint' in window.__bench.paints")
        first_paint = page.evaluate(BYTES_BEFORE_FCP)
        ready_ms = wait_first_ready(page)
        blocked_ms = float(page.evaluate(BLOCKED_UNTIL_READY))
        check_outputs(page, widget, {}, path)
        wait_until_quiet(page, traffic)
        idle = traffic.totals()
        link = (
            page.get_by_role("navigation", name="Navigation")
            .get_by_role("link", name=link_name)
            .first.element_handle()
        )
        if link is None:
            raise RuntimeError(f"no navigation link named {link_name!r}")
        navigation_ms = float(link.evaluate(INSTANT_NAVIGATION, second_widget))
        if not page.evaluate("window.__sameDocument === true") or not page.url.endswith(
            second_path
        ):
            raise RuntimeError("instant navigation reloaded the page or went elsewhere")
        page.wait_for_function(
            f'() => document.querySelector(\'[data-widget="{second_widget}"][data-state="ready"]\')'
        )
        shown = page.evaluate(
            f"""() => Object.fromEntries([...document.querySelectorAll(
                 '[data-widget="{second_widget}"] [data-output]')]
                 .map((node) => [node.dataset.output, node.dataset.value]))"""
        )
        expected = expected_outputs(second_widget, {})
        if any(not same_value(shown.get(k, ""), v) for k, v in expected.items()):
            raise RuntimeError(f"after instant navigation {second_widget} shows {shown}")
    return {
        "fcp_ms": first_paint["fcp"],
        "bytes_before_fcp": first_paint["bytes"],
        "files_before_fcp": first_paint["files"],
        "render_blocking_bytes": first_paint["blocking"],
        "render_blocking_files": first_paint["blockingFiles"],
        "ready_ms": ready_ms,
        "blocked_ms": blocked_ms,
        "idle": idle,
        "instant_navigation_ready_ms": navigation_ms,
    }


def measure_cold_single(
    browser: Browser, url: str, widget: str, site: Path, base: str
) -> dict[str, Any]:
    """Cold visit of a one-widget page (embed page or baseline): time to first result."""
    traffic = Traffic(site, base)
    with fresh_page(browser, traffic) as page:
        page.goto(url)
        ready_ms = wait_first_ready(page)
        blocked_ms = float(page.evaluate(BLOCKED_UNTIL_READY))
        check_outputs(page, widget, {}, url)
        wait_until_quiet(page, traffic)
        return {"ready_ms": ready_ms, "blocked_ms": blocked_ms, "idle": traffic.totals()}


def measure_warm_single(browser: Browser, url: str, widget: str) -> dict[str, Any]:
    """A return visit in a new tab of the same context (warm HTTP cache): time to the
    first result. The first visit lasts until the snapshot is kept."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.add_init_script(INIT_SCRIPT)
    try:
        first = context.new_page()
        first.goto(url)
        wait_first_ready(first)
        if first.evaluate("window.__liveWidgets?.runtime?.startedFrom") == "snapshot":
            # A returning reader's first visit lasted long enough to keep the snapshot.
            first.wait_for_function(SNAPSHOT_STORED, timeout=READY_TIMEOUT_MS)
        first.close()
        page = context.new_page()
        page.goto(url)
        ready_ms = wait_first_ready(page)
        check_outputs(page, widget, {}, url)
        started = page.evaluate("window.__liveWidgets?.runtime?.startedFrom ?? 'main thread'")
        return {"ready_ms": ready_ms, "started_from": started}
    finally:
        context.close()


def measure_latency(
    browser: Browser,
    url_for: Callable[[str, Mapping[str, object]], str],
    spec: WidgetSpec,
    base_params: Mapping[str, object],
    changes: int,
    only: str | None = None,
) -> dict[str, Any]:
    name, values = varied_input(spec, base_params, only)
    with fresh_page(browser) as page:
        page.goto(url_for(spec.name, base_params))
        page.wait_for_function(
            "() => document.querySelector('[data-widget]').dataset.state === 'ready'",
            timeout=READY_TIMEOUT_MS,
        )
        check_outputs(page, spec.name, base_params, page.url)
        settles = page.evaluate("() => 'settled' in (window.__liveWidgets?.runtime ?? {})")
        first_live = None
        if settles:  # the book: one change at once, then as a reader who reads first
            first_live = page.evaluate(
                INPUT_LATENCY, {"name": name, "values": values[:1], "changes": 1}
            )[0]
            values = values[1:] + values[:1]
            page.wait_for_function(SETTLED, timeout=60_000)
        times = page.evaluate(INPUT_LATENCY, {"name": name, "values": values, "changes": changes})
        python_ms = page.evaluate(
            "name => window.__liveWidgets?.runtime?.computeMs?.[name] ?? []", spec.name
        )[-changes:]
        final = {**base_params, name: form_value(spec, name, values[(changes - 1) % len(values)])}
        check_outputs(page, spec.name, final, page.url)
    failed = sum(1 for t in times if t is None or t != t)
    good = [t for t in times if t is not None and t == t]
    if not good:
        raise RuntimeError(f"{spec.name}: every change ended in an error state")
    return {
        "param": name,
        "values": values,
        "changes": changes,
        "errors": failed,
        "p50_ms": percentile(good, 50),
        "p95_ms": percentile(good, 95),
        "max_ms": max(good),
        "first_ms": good[0],
        "first_live_ms": first_live,
        "python_ms": (
            {
                "p50": percentile(python_ms, 50),
                "p95": percentile(python_ms, 95),
                "max": max(python_ms),
            }
            if python_ms
            else None
        ),
    }


# ---- the report ----------------------------------------------------------------------


def machine(browser: Browser, site: Path) -> dict[str, Any]:
    cpu = "unknown"
    memory_kib = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    except OSError:
        pass
    manifest = json.loads((runtime_dir(site) / "runtime.json").read_text())
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(memory_kib / 1024**2, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "chromium": browser.version,
        "pyodide": manifest["pyodide"]["version"],
        "date": dt.date.today().isoformat(),
    }


def kb(n: float) -> str:
    return f"{n / 1000:,.0f} kB" if n < 1_000_000 else f"{n / 1_000_000:,.1f} MB"


def seconds(ms: float) -> str:
    return f"{ms / 1000:.2f} s"


def spread(middle: float, runs: Sequence[float]) -> str:
    """A median and the range of the runs it comes from."""
    return f"{seconds(middle)} ({min(runs) / 1000:.2f}-{max(runs) / 1000:.2f})"


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs else "n/a"


def sooner(ours: float, theirs: float) -> str:
    """The ratio, and how many times sooner ours is (the start-up goal is stated so)."""
    return f"{ratio(ours, theirs)} ({theirs / ours:.1f}x sooner)" if ours and theirs else "n/a"


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    chapter = results["cold_chapter"]
    embed = results["cold_embed"]
    baseline = results["cold_baseline"]
    idle = chapter["idle"]
    rows = [
        ("`mkdocs build --strict`, whole book", seconds(results["build_ms"]), "", ""),
        (
            f"Bytes the first paint waits for (render-blocking), `{FIRST_CHAPTER[0]}`",
            f"{kb(chapter['render_blocking_bytes'])} ({chapter['render_blocking_files']} files, "
            f"FCP {seconds(chapter['fcp_ms'])})",
            "",
            "",
        ),
        (
            f"Bytes downloaded before the first paint, `{FIRST_CHAPTER[0]}`",
            f"{kb(chapter['bytes_before_fcp'])} ({chapter['files_before_fcp']} files)",
            "",
            "",
        ),
        (
            f"Bytes until network idle, no interaction, `{FIRST_CHAPTER[0]}`",
            f"{kb(idle['bytes'])} ({idle['files']} files; gzip ≈ {kb(idle['gzip_bytes'])})",
            kb(baseline["idle"]["bytes"]),
            ratio(idle["bytes"], baseline["idle"]["bytes"]),
        ),
        (
            "… of which Pyodide / Mermaid (diagrams) / everything else",
            " / ".join(kb(n) for n in split_bytes(idle)),
            " / ".join(kb(n) for n in split_bytes(baseline["idle"])),
            "",
        ),
        (
            f"Cold: navigation → first Python result, embed page `{FIRST_CHAPTER[1]}`",
            spread(embed["ready_ms"], [r["ready_ms"] for r in results["cold_runs"]["embed"]]),
            spread(baseline["ready_ms"], [r["ready_ms"] for r in results["cold_runs"]["baseline"]]),
            sooner(embed["ready_ms"], baseline["ready_ms"]),
        ),
        (
            f"Cold: navigation → first Python result, chapter `{FIRST_CHAPTER[0]}`",
            seconds(chapter["ready_ms"]),
            seconds(baseline["ready_ms"]),
            sooner(chapter["ready_ms"], baseline["ready_ms"]),
        ),
        (
            f"Warm HTTP cache: navigation → first Python result, embed page `{FIRST_CHAPTER[1]}` "
            f"(Python from: {', '.join(results['warm_embed']['started_from'])})",
            spread(results["warm_embed"]["ready_ms"], results["warm_embed"]["runs_ms"]),
            spread(results["warm_baseline"]["ready_ms"], results["warm_baseline"]["runs_ms"]),
            sooner(results["warm_embed"]["ready_ms"], results["warm_baseline"]["ready_ms"]),
        ),
        (
            "Main thread blocked (long tasks beyond 50 ms) until that result, embed page",
            f"{embed['blocked_ms']:,.0f} ms",
            f"{baseline['blocked_ms']:,.0f} ms",
            "",
        ),
        (
            f"Instant navigation → `{SECOND_CHAPTER[2]}` ready on `{SECOND_CHAPTER[1]}`",
            seconds(chapter["instant_navigation_ready_ms"]),
            "",
            "",
        ),
    ]
    for entry in results["latency"]:
        ours, theirs = entry["ours"], entry["baseline"]
        errors = f", {ours['errors']} errors" if ours["errors"] else ""
        rows.append(
            (
                f"Input → output, `{entry['widget']}` at {entry['setting']} "
                f"(`{ours['param']}`, {ours['changes']} changes), p50 / p95 / max",
                f"{ours['p50_ms']:.0f} / {ours['p95_ms']:.0f} / {ours['max_ms']:.0f} ms{errors}"
                + python_part(ours),
                f"{theirs['p50_ms']:.0f} / {theirs['p95_ms']:.0f} / {theirs['max_ms']:.0f} ms"
                if theirs
                else "",
                ratio(ours["p50_ms"], theirs["p50_ms"]) if theirs else "",
            )
        )
        if ours.get("first_live_ms") is not None:
            rows.append(
                (
                    "… one change made the moment the widget is live (before its rehearsals)",
                    f"{ours['first_live_ms']:.0f} ms",
                    "",
                    "",
                )
            )
        drag = ours.get("after_drag")
        if drag and drag["p95_ms"] is not None:
            failed = f", {drag['errors']} errors" if drag["errors"] else ""
            rows.append(
                (
                    f"… after a 12-step drag at 60 fps, last step → output "
                    f"({drag['runs']} drags), p50 / p95",
                    f"{drag['p50_ms']:.0f} / {drag['p95_ms']:.0f} ms{failed}",
                    "",
                    "",
                )
            )
    lines = [
        f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores, {m['ram_gib']} GiB RAM), "
        f"{m['os']}, Chromium {m['chromium']}, Pyodide {m['pyodide']}. Cold figures are medians of "
        f"{results['runs']} runs, each in a new browser context (warm ones: a second tab of a "
        "context whose first visit ended), the range of the runs in brackets; the site is served "
        "uncompressed from 127.0.0.1.",
        "",
        "| Measure | This book | Baseline | Ratio |",
        "| --- | ---: | ---: | ---: |",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
        'Input latency is timed in the page from the input event to `data-state="ready"`; the '
        "book's figure includes the message round trip to the worker (a change right after "
        "another waits for the computation in progress: only the newest values are queued), "
        "the baseline computes synchronously on the main thread (blocking it meanwhile). "
        "In brackets, the time the same recomputes spent in Python, measured in the worker. "
        "Ratios are this book / baseline, so below 1 is faster. The book's widget gets one "
        "change the moment it is live (shown on its own line: V8 has not yet optimised "
        "Python's WebAssembly), then is left alone until its runtime has settled (its "
        "rehearsals and warm-up done, as for a reader who reads before touching it) before "
        "the timed changes and drags. The baseline's changes start as soon as it is live.",
    ]
    return "\n".join(lines) + "\n"


def python_part(ours: Mapping[str, Any]) -> str:
    """The time spent in Python itself, inside the worker, for the same changes."""
    py = ours.get("python_ms")
    if not py:
        return ""
    return f" (Python {py['p50']:.0f} / {py['p95']:.0f} / {py['max']:.0f} ms)"


def split_bytes(idle: Mapping[str, float]) -> tuple[float, float, float]:
    pyodide, mermaid = idle["pyodide_bytes"], idle["mermaid_bytes"]
    return pyodide, mermaid, idle["bytes"] - pyodide - mermaid


def median_run(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per-field medians of several runs (nested dicts included)."""
    merged: dict[str, Any] = {}
    for key, value in runs[0].items():
        if isinstance(value, dict):
            merged[key] = median_run([run[key] for run in runs])
        elif isinstance(value, (int, float)):
            merged[key] = median([run[key] for run in runs])
        else:
            merged[key] = value
    return merged


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="cold runs per page (median)")
    parser.add_argument("--changes", type=int, default=50, help="input changes per latency figure")
    parser.add_argument("--builds", type=int, default=3, help="timed builds (median)")
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="measure bytes and start-up only, not input latency (a quicker run)",
    )
    parser.add_argument(
        "--widgets",
        default="",
        help="comma-separated widget names whose latency to measure (default: all)",
    )
    parser.add_argument(
        "--slow-link",
        action="store_true",
        help="also a cold visit to a chapter and an embed page at 1.5 Mbit/s, 150 ms",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)

    specs = all_specs()
    with tempfile.TemporaryDirectory(prefix="scaling-book-bench-") as tmp:
        site = Path(tmp)
        with serve(site) as served:
            base = served.url
            build_times = []
            for i in range(args.builds):
                print(f"bench: mkdocs build {i + 1}/{args.builds}", file=sys.stderr)
                start = time.perf_counter()
                build_site(ROOT, site, base)
                build_times.append((time.perf_counter() - start) * 1000)
            baseline = site / BASELINE_PATH
            baseline.parent.mkdir(parents=True, exist_ok=True)
            specs_json = json.dumps({s.name: s.to_json() for s in specs}).replace("</", "<\\/")
            baseline.write_text(
                BASELINE_TEMPLATE.read_text(encoding="utf-8")
                .replace("__SPECS_JSON__", specs_json)
                .replace(
                    "__RUNTIME_JSON__",
                    "../" + runtime_dir(site).relative_to(site).as_posix() + "/runtime.json",
                ),
                encoding="utf-8",
            )

            def embed_url(name: str, params: Mapping[str, object]) -> str:
                query = urlencode(params)
                return f"{base}embed/{name}/" + (f"?{query}" if query else "")

            def baseline_url(name: str, params: Mapping[str, object]) -> str:
                return f"{base}{BASELINE_PATH}?{urlencode({'widget': name, **params})}"

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch_options())
                try:
                    chapter_runs, embed_runs, baseline_runs = [], [], []
                    warm_runs, warm_baseline_runs = [], []
                    first = FIRST_CHAPTER[1]
                    for i in range(args.runs):  # interleaved, so drift hits all three alike
                        print(f"bench: cold run {i + 1}/{args.runs}", file=sys.stderr)
                        chapter_runs.append(measure_cold_chapter(browser, base, site))
                        embed_runs.append(
                            measure_cold_single(browser, embed_url(first, {}), first, site, base)
                        )
                        baseline_runs.append(
                            measure_cold_single(browser, baseline_url(first, {}), first, site, base)
                        )
                        warm_runs.append(measure_warm_single(browser, embed_url(first, {}), first))
                        warm_baseline_runs.append(
                            measure_warm_single(browser, baseline_url(first, {}), first)
                        )
                    latency = []
                    chosen = {name.strip() for name in args.widgets.split(",") if name.strip()}
                    unknown = chosen - {spec.name for spec in specs}
                    if unknown:
                        raise SystemExit(f"bench: no widget named {', '.join(sorted(unknown))}")
                    measured_specs = [s for s in specs if not chosen or s.name in chosen]
                    for spec in [] if args.startup_only else measured_specs:
                        for setting, params in (
                            ("defaults", {}),
                            ("maximum", maximum_params(spec)),
                        ):
                            print(f"bench: latency {spec.name} at {setting}", file=sys.stderr)
                            ours = measure_latency(browser, embed_url, spec, params, args.changes)
                            drags = measure_drag(
                                browser,
                                embed_url(spec.name, params),
                                ours["param"],
                                list(ours["values"]),
                                max(3, args.changes // 5),
                            )
                            good = [t for t in drags if t == t]
                            ours["after_drag"] = {
                                "runs": len(drags),
                                "errors": len(drags) - len(good),
                                "p50_ms": percentile(good, 50) if good else None,
                                "p95_ms": percentile(good, 95) if good else None,
                            }
                            latency.append(
                                {
                                    "widget": spec.name,
                                    "setting": setting,
                                    "params": params,
                                    "ours": ours,
                                    "baseline": measure_latency(
                                        browser, baseline_url, spec, params, args.changes
                                    ),
                                }
                            )
                        # At the maximum, every other input too: each can hit a different
                        # slow path (the reshard ring depends on V and the shard counts).
                        params = maximum_params(spec)
                        measured = latency[-1]["ours"]["param"]
                        for name in number_params(spec):
                            if name == measured or not can_vary(spec, params, name):
                                continue
                            print(f"bench: latency {spec.name} at maximum, {name}", file=sys.stderr)
                            latency.append(
                                {
                                    "widget": spec.name,
                                    "setting": "maximum",
                                    "params": params,
                                    "ours": measure_latency(
                                        browser, embed_url, spec, params, args.changes, name
                                    ),
                                    "baseline": None,
                                }
                            )
                    slow = {}
                    if args.slow_link:
                        with serve(site, link=Link(SLOW_LINK_BYTES_PER_S)) as paced:
                            for label, url in (
                                ("chapter", base + FIRST_CHAPTER[0]),
                                ("embed page", embed_url(first, {})),
                            ):
                                print(f"bench: slow link, {label}", file=sys.stderr)
                                slow_url = paced.url + url.removeprefix(base)
                                slow[label] = measure_slow_link(browser, slow_url)
                    results = {
                        "slow_link": slow,
                        "machine": machine(browser, site),
                        "runs": args.runs,
                        "build_ms": median(build_times),
                        "build_runs_ms": build_times,
                        "cold_chapter": median_run(chapter_runs),
                        "cold_embed": median_run(embed_runs),
                        "cold_baseline": median_run(baseline_runs),
                        "warm_embed": {
                            "ready_ms": median([r["ready_ms"] for r in warm_runs]),
                            "runs_ms": [r["ready_ms"] for r in warm_runs],
                            "started_from": sorted({r["started_from"] for r in warm_runs}),
                        },
                        "warm_baseline": {
                            "ready_ms": median([r["ready_ms"] for r in warm_baseline_runs]),
                            "runs_ms": [r["ready_ms"] for r in warm_baseline_runs],
                        },
                        "snapshot": os.environ.get("BOOK_SNAPSHOT", "1")
                        not in {"0", "false", "no"},
                        "cold_runs": {
                            "chapter": chapter_runs,
                            "embed": embed_runs,
                            "baseline": baseline_runs,
                        },
                        "latency": latency,
                    }
                finally:
                    browser.close()

    table = markdown(results)
    if results["slow_link"]:
        table += "\n" + slow_link_markdown(results["slow_link"])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.md").write_text(table, encoding="utf-8")
    (args.out / "bench.json").write_text(
        json.dumps(results, indent=1, default=str), encoding="utf-8"
    )
    print(table)
    print(f"bench: wrote {args.out / 'bench.md'} and {args.out / 'bench.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
