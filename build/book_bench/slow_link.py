"""Two measurements `make bench` adds for issue #20: a cold visit over a throttled link
(1.5 Mbit/s down, 150 ms round trips) and the latency after a slider drag.

The bandwidth is the server's: every response is paced through one shared link
(site_server.Link), so each file, whichever worker fetches it, takes its share.
Chromium's own emulation would miss a worker's worker (the snapshot's helper). The
round trips are Chromium's emulation, applied to the page and its Python worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playwright.sync_api import Browser, Request

from book_bench.page_scripts import DRAG_LATENCY, SETTLED

# A slow mobile link: 1.5 Mbit/s down (paced by the server), 150 ms round trips.
SLOW_LINK_BYTES_PER_S = 1.5e6 / 8
ROUND_TRIPS = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": -1,
    "uploadThroughput": -1,
}
LIVE_WITHIN_MS = 600_000  # give up on a throttled start after ten minutes

FIRST_READY = """() => new Promise((resolve) => {
  const check = () => {
    const root = document.querySelector("[data-widget]");
    const state = root?.dataset.state;
    if (state === "ready" || state === "error") resolve({ state, at: performance.now() });
    else setTimeout(check, 100);
  };
  check();
})"""


def measure_slow_link(browser: Browser, url: str) -> dict[str, Any]:
    """One cold visit to `url` (served through a Link of SLOW_LINK_BYTES_PER_S) with
    150 ms round trips: when text was readable (first contentful
    paint), when the first widget went live, how many times Python started, and the
    bytes and requests per file."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    files: dict[str, dict[str, int]] = {}

    def finished(request: Request) -> None:
        name = request.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or "(page)"
        sizes = request.sizes()
        entry = files.setdefault(name, {"requests": 0, "bytes": 0})
        entry["requests"] += 1
        entry["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    context.on("requestfinished", finished)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", ROUND_TRIPS)
        page.goto(url, wait_until="commit")
        ready = page.evaluate(FIRST_READY)
        paint = page.evaluate(
            "() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
        )
        starts = page.evaluate("window.__liveWidgets?.runtime?.starts ?? 0")
        status = page.evaluate("document.querySelector('[data-widget] .w-status')?.textContent")
    finally:
        context.close()
    return {
        "url": url,
        "readable_ms": paint,
        "live_ms": ready["at"] if ready["state"] == "ready" else None,
        "state": ready["state"],
        "status": status,
        "python_starts": starts,
        "files": files,
        "bytes": sum(f["bytes"] for f in files.values()),
        "requests": sum(f["requests"] for f in files.values()),
    }


def measure_drag(
    browser: Browser, url: str, name: str, values: list[object], runs: int
) -> list[float]:
    """`runs` drags of 12 steps on the widget at `url`: ms from the last step to its result."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(
            "() => document.querySelector('[data-widget]').dataset.state === 'ready'",
            timeout=LIVE_WITHIN_MS,
        )
        # As a reader who reads first: its rehearsals and warm-up are done.
        page.wait_for_function(SETTLED, timeout=60_000)
        times = []
        for i in range(runs):
            shifted = values[i % len(values) :] + values[: i % len(values)]
            times.append(
                page.evaluate(DRAG_LATENCY, {"name": name, "values": shifted, "steps": 12})
            )
        return times
    finally:
        context.close()


def slow_link_markdown(rows: Mapping[str, Mapping[str, Any]]) -> str:
    """The throttled profile as a Markdown section."""
    lines = [
        "## A slow link (1.5 Mbit/s, 150 ms round trips), cold",
        "",
        "| page | readable | live | Python starts | bytes | requests | fetched more than once |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, row in rows.items():
        twice = ", ".join(n for n, f in row["files"].items() if f["requests"] > 1) or "none"
        live = f"{row['live_ms'] / 1000:.1f} s" if row["live_ms"] else row["state"]
        readable = f"{row['readable_ms'] / 1000:.1f} s" if row["readable_ms"] else "?"
        lines.append(
            f"| {label} | {readable} | {live} | {row['python_starts']} "
            f"| {row['bytes'] / 1e6:.1f} MB | {row['requests']} | {twice} |"
        )
    lines += [
        "",
        "The server paces every response through one 1.5 Mbit/s link (the snapshot, which "
        "a worker's own worker fetches, included); Chromium adds the round trips.",
        "",
    ]
    return "\n".join(lines)
