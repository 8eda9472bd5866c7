"""A fault on some of a page's requests that a test can switch off again.

Tests switch a fault off instead of calling Playwright's `unroute`: `unroute` can hang
for ever (microsoft/playwright#38674, #42278; seen here after a failed Python start),
and it leaves requests it had paused hanging in the browser."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route


@dataclass
class Fault:
    """`act` on the requests matching `pattern` while `on`; once cleared, they go through.
    Requests held back (in `held`) are aborted when it clears."""

    page: Page
    pattern: str | re.Pattern[str]
    act: Callable[[Route], None]
    on: bool = True
    held: list[Route] = field(default_factory=list)

    def install(self) -> Fault:
        self.page.context.route(re.compile(self.pattern), self._handle)
        return self

    def hold(self, route: Route) -> None:
        """An `act` that keeps the request waiting until the fault clears."""
        self.held.append(route)

    def _handle(self, route: Route) -> None:
        if self.on:
            self.act(route)
        else:
            route.continue_()

    def release(self) -> None:
        """Switch the fault off and let the requests held back go on, as a slow link's do."""
        self.on = False
        for route in self.held:
            with contextlib.suppress(PlaywrightError):  # its page or worker may be gone
                route.continue_()
        self.held.clear()

    def clear(self) -> None:
        self.on = False
        for route in self.held:
            with contextlib.suppress(PlaywrightError):  # its page or worker may be gone
                route.abort()
