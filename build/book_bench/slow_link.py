"""Two measurements `make bench` adds for issue #20: a cold visit over a throttled link
(1.5 Mbit/s down, 150 ms round trips) and the latency after a slider drag.

The throttle is Chromium's own network emulation (DevTools protocol), applied to the
page; it also covers the page's Python worker. Chromium does not apply it to a worker
started by a worker (the snapshot's helper), so that one file arrives unthrottled:
the report says so beside the figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playwright.sync_api import Browser, Request

from book_bench.page_scripts import DRAG_LATENCY

# A slow mobile link: 1.5 Mbit/s down, 0.75 up, 150 ms round trips.
SLOW_LINK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.5e6 / 8,
    "uploadThroughput": 0.75e6 / 8,
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
    """One cold visit to `url` over SLOW_LINK: when text was readable (first contentful
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
        cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
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
        "The snapshot is fetched by a worker's own worker, which Chromium's emulation does "
        "not throttle: on a real slow link it takes its share of the bandwidth too.",
        "",
    ]
    return "\n".join(lines)
