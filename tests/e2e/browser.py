"""Launch Chromium for the tests: Debian's when present, Playwright's own otherwise."""

from __future__ import annotations

import os
import shutil

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """A system Chromium, if one exists (CHROMIUM overrides); None means Playwright's."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and shutil.which(candidate):
            return candidate
    return None


def launch_options() -> dict[str, object]:
    options: dict[str, object] = {"headless": True, "args": CHROMIUM_FLAGS}
    executable = chromium_executable()
    if executable:
        options["executable_path"] = executable
    return options
