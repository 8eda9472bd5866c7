"""E2E fixtures: one strict build per session, served locally, driven by Chromium.

Every page a test opens is watched: a request to any host other than 127.0.0.1
and any console error fail the test that caused them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from book_bench.browser import launch_options

pytestmark = pytest.mark.e2e

# Chromium's own messages that are not page errors.
_BENIGN_CONSOLE = (
    re.compile(r"^Failed to load resource: the server responded with a status of 404.*favicon"),
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        yield browser
        browser.close()


@dataclass
class Watch:
    """What a page did that tests care about."""

    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    allow_console: list[re.Pattern[str]] = field(default_factory=list)

    def check(self) -> None:
        assert not self.external, f"requests left 127.0.0.1: {self.external}"
        errors = [
            e
            for e in self.console_errors
            if not any(p.search(e) for p in (*_BENIGN_CONSOLE, *self.allow_console))
        ]
        assert not errors, f"console errors: {errors}"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # The site's service worker (offline reading) is blocked by default: Playwright's
    # routes do not see requests a service worker answers from its cache, and the fault
    # and fast-start tests route Python's files. tests/e2e/test_offline.py overrides this
    # fixture to allow it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    yield context
    context.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(context: BrowserContext, watch: Watch) -> Iterator[Page]:
    page = context.new_page()

    def on_request(request) -> None:
        watch.requests.append(request.url)
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if host != "127.0.0.1":
            watch.external.append(request.url)

    context.on("request", on_request)  # the page's and its workers' requests
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda e: watch.console_errors.append(f"pageerror: {e}"))
    yield page
    watch.check()
