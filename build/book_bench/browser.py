"""Launch Chromium for the tests: Debian's when present, Playwright's own otherwise."""

from __future__ import annotations

import os
import shutil

# The features Playwright itself disables (as of Playwright 1.64). Chromium keeps only
# the last --disable-features switch it is given, so ours must repeat them:
# tests/e2e/test_browser_flags.py fails if a Playwright release adds one.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)

# Headless Chromium still builds its omnibox popup, a WebUI page in a renderer of its
# own, for every new window and tab. Nobody can see it, but its start-up competes with
# the page under test for the CPU: on a 2-core machine it made a widget's measured
# start-up about 150 ms slower, and the bench's numbers noisy.
UNSEEN_BROWSER_UI = ("WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=" + ",".join((*PLAYWRIGHT_DISABLED_FEATURES, *UNSEEN_BROWSER_UI)),
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
