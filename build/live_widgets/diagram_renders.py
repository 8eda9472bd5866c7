"""Diagrams drawn ahead of time: `diagrams/rendered/<name>.json`, read by the build.

A render file holds the SVG Mermaid drew for one diagram in each palette, with the
SHA-256 of the source it was drawn from (and, for the book's own checks, Mermaid's
version and the settings file's digest). The build uses a render only while the
source is unchanged; otherwise the diagram is drawn in the reader's browser as before,
so a page never shows an out-of-date picture. The drawing itself is done by a browser
(`book_authoring.render_diagrams`), never by the build.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

THEMES: dict[str, str] = {"light": "default", "dark": "dark"}
"""Each palette the book has, and the Mermaid theme it is drawn in."""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def svg_id(name: str, palette: str) -> str:
    """The drawing's element id: Mermaid scopes its styles to it, so it is unique per page."""
    return f"diagram-{name}-{palette}"


def render_path(diagrams_dir: Path, name: str) -> Path:
    return diagrams_dir / "rendered" / f"{name}.json"


@dataclass(frozen=True)
class DiagramRender:
    source_sha256: str
    mermaid: str
    config_sha256: str
    svgs: Mapping[str, str]  # palette -> the <svg> Mermaid drew

    @classmethod
    def drawn(
        cls, source: str, mermaid: str, config: str, svgs: Mapping[str, str]
    ) -> DiagramRender:
        return cls(digest(source), mermaid, digest(config), dict(svgs))

    def to_json(self) -> dict[str, object]:
        return {
            "source_sha256": self.source_sha256,
            "mermaid": self.mermaid,
            "config_sha256": self.config_sha256,
            "svgs": dict(self.svgs),
        }

    def matches(self, name: str, source: str) -> bool:
        """Drawn from this very source, in every palette, under this diagram's ids."""
        return self.source_sha256 == digest(source) and all(
            self.svgs.get(palette, "").startswith(f'<svg id="{svg_id(name, palette)}"')
            for palette in THEMES
        )


def write_render(diagrams_dir: Path, name: str, render: DiagramRender) -> Path:
    path = render_path(diagrams_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(render.to_json(), indent=1) + "\n", encoding="utf-8")
    return path


def read_render(diagrams_dir: Path, name: str) -> DiagramRender | None:
    """The diagram's render file, or None when there is none or it cannot be read."""
    path = render_path(diagrams_dir, name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        svgs = data["svgs"]
        if not isinstance(svgs, dict) or not all(isinstance(v, str) for v in svgs.values()):
            return None
        return DiagramRender(
            str(data["source_sha256"]), str(data["mermaid"]), str(data["config_sha256"]), svgs
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def fresh_render(diagrams_dir: Path, name: str, source: str) -> DiagramRender | None:
    """The render to inline for this source, or None (then the browser draws it)."""
    render = read_render(diagrams_dir, name)
    return render if render is not None and render.matches(name, source) else None


MERMAID_TEXT_PX = 16.0
"""The size Mermaid draws its labels at (its default `fontSize`), in the drawing's units."""
DIAGRAM_TEXT_PX = 12.0
"""The smallest a diagram's labels may be shown on a phone or small tablet, in CSS
pixels: there, below the width this gives, a drawing stops shrinking with the column
and scrolls sideways instead (widgets.css)."""
SCROLLS_ABOVE_PX = 280.0
"""A drawing whose narrowest legible width is above this scrolls on some phone (a 320 px
screen leaves a column of about 288 px), so keyboard users can focus it to scroll it."""

SCROLL_LABEL = "Wide diagram: scroll sideways to see all of it"
"""What a screen reader says when focus reaches a drawing that can scroll."""

_VIEW_BOX = re.compile(r'<svg\b[^>]*?\sviewBox="\s*[-\d.eE+]+[\s,]+[-\d.eE+]+[\s,]+([\d.eE+]+)')


def legible_width(svg: str) -> float | None:
    """The narrowest CSS width at which the drawing's labels are DIAGRAM_TEXT_PX: its
    viewBox width scaled from Mermaid's text size, or None if it has no viewBox."""
    found = _VIEW_BOX.match(svg)
    return float(found.group(1)) * DIAGRAM_TEXT_PX / MERMAID_TEXT_PX if found else None


def drawings_html(name: str, render: DiagramRender) -> str:
    """Both palettes' drawings; CSS shows the one that matches the page's palette. Each
    keeps its labels legible: it shrinks with the column down to `legible_width`, then
    scrolls sideways (a wide flowchart on a phone), focusable where that can happen."""
    parts = []
    for palette in THEMES:
        svg = render.svgs[palette]
        attributes = f'class="diagram-drawing" data-palette="{escape(palette)}"'
        width = legible_width(svg)
        if width is not None:
            attributes += f' style="--diagram-legible: {width:.0f}px"'
            if width > SCROLLS_ABOVE_PX:
                # Named for what focus is for; the drawing inside is named by its title.
                attributes += f' tabindex="0" role="group" aria-label="{SCROLL_LABEL}"'
        flat = " ".join(svg.split("\n"))  # no blank line: Markdown keeps it raw
        parts.append(f"<div {attributes}>{flat}</div>")
    return "".join(parts)
