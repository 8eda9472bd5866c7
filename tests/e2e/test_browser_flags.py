"""The Chromium the tests and the benchmark drive: Playwright's own switches kept, and
the browser UI nobody sees in headless mode kept from competing with the page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from book_bench.browser import CHROMIUM_FLAGS, UNSEEN_BROWSER_UI, launch_options

PROC = Path("/proc")


def _command_line(browser: Browser) -> str:
    page = browser.new_page()
    try:
        page.goto("chrome://version")
        return page.locator("#command_line").inner_text()
    finally:
        page.close()


def _disabled_features(command_line: str) -> set[str]:
    """What Chromium disables: it keeps only the last --disable-features switch."""
    values = [
        part.split("=", 1)[1]
        for part in command_line.split()
        if part.startswith("--disable-features=")
    ]
    return set(values[-1].split(",")) if values else set()


@contextmanager
def _launched(browser: Browser, args: list[str]) -> Iterator[Browser]:
    options = {**launch_options(), "args": args}
    other = browser.browser_type.launch(**options)
    try:
        yield other
    finally:
        other.close()


def _ours_without_disabled_features() -> list[str]:
    return [flag for flag in CHROMIUM_FLAGS if not flag.startswith("--disable-features=")]


def test_playwrights_own_disabled_features_are_kept(browser: Browser) -> None:
    """Our --disable-features replaces Playwright's, so it must repeat every feature
    Playwright disables by itself; a Playwright release that adds one fails here."""
    with _launched(browser, _ours_without_disabled_features()) as plain:
        playwrights = _disabled_features(_command_line(plain))
    ours = _disabled_features(_command_line(browser))
    assert playwrights, "Playwright no longer disables any feature? Check the parsing."
    assert playwrights <= ours, f"add to PLAYWRIGHT_DISABLED_FEATURES: {playwrights - ours}"
    assert set(UNSEEN_BROWSER_UI) <= ours


def _webui_renderers(profile: str) -> int:
    """Renderers of the browser using `profile` that serve browser UI (WebUI)."""
    count = 0
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # Chromium rewrites its process titles: the arguments are not always split by NULs.
            args = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"--top-chrome-webui" in args and f"--user-data-dir={profile}".encode() in args:
            count += 1
    return count


def _most_webui_renderers_seen(browser: Browser, seconds: float = 1.5) -> int:
    """Open a context and two tabs, as the tests do, and watch for WebUI renderers."""
    line = _command_line(browser)
    profile = next(p.split("=", 1)[1] for p in line.split() if p.startswith("--user-data-dir="))
    context = browser.new_context()
    seen = 0
    try:
        for _ in range(2):
            context.new_page().goto("about:blank")
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                seen = max(seen, _webui_renderers(profile))
                time.sleep(0.05)
    finally:
        context.close()
    return seen


@pytest.mark.skipif(not PROC.is_dir(), reason="reads the process table from /proc")
def test_no_browser_ui_renderer_competes_with_the_page(browser: Browser) -> None:
    """Headless Chromium builds its omnibox popup (a WebUI page with a renderer of its
    own) for each new window and tab; with our flags it builds none."""
    with _launched(browser, _ours_without_disabled_features()) as plain:
        if _most_webui_renderers_seen(plain) == 0:
            pytest.skip("this Chromium starts no browser-UI renderer: the flags are moot")
    assert _most_webui_renderers_seen(browser) == 0
