"""Draw every diagram ahead of time: `make diagrams`.

    .venv/bin/python -m book_authoring.render_diagrams [--root DIR] [--only NAME ...]

Mermaid lays a diagram out in the reader's browser with about 2.5 MB of JavaScript and,
for the larger diagrams, a few hundred milliseconds of main-thread work per page: on a
phone the diagrams arrive late, and on a chapter with a widget they compete with
Python's start for the CPU. So each `diagrams/<name>.mmd` is drawn here, once, with
the site's own Mermaid (node_modules, the version the site vendors) and its settings
(`content/assets/js/diagram-config.js`), in Chromium, in the light and the dark
palette, and written to `diagrams/rendered/<name>.json` (see
`live_widgets.diagram_renders`). The build inlines both drawings; the page shows the
one that matches the palette, with no script at all.

A drawing whose source has changed since is not used: the build falls back to Mermaid
in the browser for that diagram, and `tests/unit/test_diagram_renders.py` fails until
this is run again.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from live_widgets.diagram_renders import (
    THEMES,
    DiagramRender,
    render_path,
    svg_id,
    write_render,
)

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "http://diagrams.invalid"
CONFIG_JS = Path("content/assets/js/diagram-config.js")
MERMAID_DIST = Path("node_modules/mermaid/dist")

# Runs in a blank page: the site's Mermaid with the site's settings, one drawing.
DRAW = """
async ({ id, source, theme }) => {
  const mermaid = (await import("/mermaid/mermaid.esm.min.mjs")).default;
  const { asImage, mermaidConfig } = await import("/js/diagram-config.js");
  mermaid.initialize(mermaidConfig(theme));
  const { svg } = await mermaid.render(id, source);
  // Mermaid's string is its drawing's outerHTML: changed and written back the same way.
  const holder = document.createElement("div");
  holder.innerHTML = svg;
  asImage(holder.firstElementChild);
  return holder.innerHTML;
}
"""


# One number as SVG reads it: paths run numbers together ("-.045.1234" is -0.045 then
# 0.1234), so they are read whole, left to right, never from the middle of one.
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_GEOMETRY = re.compile(r'(\s(?:d|points|transform)=")([^"]*)(")')


def _hundredths(match: re.Match[str]) -> str:
    token = match.group(0)
    decimals = token.partition(".")[2]
    if len(decimals) < 3 or not decimals.isdigit():  # short already, or has an exponent
        return token
    text = f"{round(float(token), 2):.2f}".rstrip("0").rstrip(".")
    text = "0" if text == "-0" else text
    if token.lstrip("-+").startswith(".") and text.lstrip("-").startswith("0."):
        text = text.replace("0.", ".", 1)  # as it was written, without its leading zero
    # Keep it apart from its neighbours: "5-.001.5" must not become "50.5".
    before = match.string[match.start() - 1 : match.start()]
    if text[0].isdigit() and not token[0].isdigit() and (before.isdigit() or before == "."):
        text = " " + text
    if "." not in text and match.string[match.end() : match.end() + 1] == ".":
        text += " "
    return text


def tidy(svg: str) -> str:
    """Round the coordinates in paths, polygons and transforms to 1/100 px: Mermaid
    writes 15 digits (its hand-drawn shapes made one diagram 166 kB); a hundredth of a
    pixel cannot be seen, and the book's drawings shrink by a quarter. Text is not touched."""
    return _GEOMETRY.sub(
        lambda m: m.group(1) + _NUMBER.sub(_hundredths, m.group(2)) + m.group(3), svg
    )


def mermaid_version(root: Path) -> str:
    package = json.loads((root / MERMAID_DIST.parent / "package.json").read_text("utf-8"))
    return str(package["version"])


def draw_all(root: Path, names: list[str]) -> list[Path]:
    """Draw each named diagram in both palettes and write its render file."""
    from playwright.sync_api import Route, sync_playwright

    from book_bench.browser import CHROMIUM_FLAGS, chromium_executable

    served = {"/mermaid/": root / MERMAID_DIST, "/js/": root / CONFIG_JS.parent}

    def answer(route: Route) -> None:
        path = route.request.url.removeprefix(ORIGIN)
        if path == "/":
            route.fulfill(body="<!doctype html><title>diagrams</title>", content_type="text/html")
            return
        for prefix, folder in served.items():
            if path.startswith(prefix) and ".." not in path:
                file = folder / path.removeprefix(prefix)
                if file.is_file():
                    route.fulfill(path=str(file), content_type="text/javascript")
                    return
        route.fulfill(status=404)

    version = mermaid_version(root)
    config = (root / CONFIG_JS).read_text("utf-8")
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            headless=True, args=CHROMIUM_FLAGS, executable_path=chromium_executable()
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route(f"{ORIGIN}/**", answer)
        page.goto(f"{ORIGIN}/")
        for name in names:
            source = (root / "diagrams" / f"{name}.mmd").read_text("utf-8")
            drawings = {
                palette: tidy(
                    page.evaluate(
                        DRAW, {"id": svg_id(name, palette), "source": source, "theme": theme}
                    )
                )
                for palette, theme in THEMES.items()
            }
            render = DiagramRender.drawn(source, version, config, drawings)
            written.append(write_render(root / "diagrams", name, render))
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder")
    parser.add_argument("--only", nargs="*", help="diagram names (default: every diagram)")
    args = parser.parse_args(argv)
    root: Path = args.root
    names = args.only or sorted(p.stem for p in (root / "diagrams").glob("*.mmd"))
    missing = [n for n in names if not (root / "diagrams" / f"{n}.mmd").is_file()]
    if missing:
        print(f"no such diagram: {', '.join(missing)} (looked in {root / 'diagrams'})")
        return 2
    for path in draw_all(root, names):
        print(f"drew {path.relative_to(root)}")
    stale = sorted(
        p.relative_to(root)
        for p in (root / "diagrams" / "rendered").glob("*.json")
        if not (root / "diagrams" / f"{p.stem}.mmd").is_file()
    )
    for path in stale:
        print(f"{path} has no diagram any more: delete it")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["draw_all", "main", "mermaid_version", "render_path", "tidy"]
