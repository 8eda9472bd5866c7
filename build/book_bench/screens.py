"""The screens every widget is checked and photographed on: a phone and a laptop, light
and dark. tests/e2e/test_layout.py checks each widget's layout on them; `make
screenshots` writes a PNG of each, for review by eye (not compared pixel by pixel:
another machine's fonts would differ).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from book_bench.browser import launch_options
from book_bench.site_server import build_site, serve
from widgets import all_specs

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "screenshots"
READY_MS = 180_000


@dataclass(frozen=True)
class Screen:
    """A viewport and a colour scheme."""

    width: int
    height: int
    theme: str  # "light" or "dark": the embed page's ?theme=

    @property
    def label(self) -> str:
        return f"{self.width}-{self.theme}"


SCREENS = tuple(
    Screen(width, height, theme)
    for width, height in ((390, 844), (1366, 900))
    for theme in ("light", "dark")
)


def embed_path(widget: str, screen: Screen) -> str:
    """The embed page of `widget` in the screen's colour scheme."""
    return f"embed/{widget}/?theme={screen.theme}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshot every widget on every screen.")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--widgets", default="", help="comma-separated names (default: all)")
    args = parser.parse_args(argv)
    chosen = {n.strip() for n in args.widgets.split(",") if n.strip()}
    names = [s.name for s in all_specs() if not chosen or s.name in chosen]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scaling-book-shots-") as tmp:
        site = Path(tmp)
        with serve(site) as served:
            print("screenshots: building the book", file=sys.stderr)
            build_site(ROOT, site, served.url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch_options())
                try:
                    for screen in SCREENS:
                        context = browser.new_context(
                            viewport={"width": screen.width, "height": screen.height},
                            color_scheme="dark" if screen.theme == "dark" else "light",
                            service_workers="block",
                        )
                        page = context.new_page()
                        for name in names:
                            page.goto(served.url + embed_path(name, screen))
                            page.wait_for_function(
                                "() => document.querySelector('[data-widget]')"
                                ".dataset.state === 'ready'",
                                timeout=READY_MS,
                            )
                            path = args.out / f"{name}-{screen.label}.png"
                            # At rest: a finite animation (reshard's moved keys pulse
                            # twice after each change) is shown at its end, not mid-way.
                            page.screenshot(path=str(path), full_page=True, animations="disabled")
                            print(f"screenshots: {path}", file=sys.stderr)
                        context.close()
                finally:
                    browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
