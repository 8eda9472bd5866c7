"""```diagram blocks: include a Mermaid file from diagrams/ as a captioned figure.

    ```diagram
    file: single-box
    caption: Everything on one machine.
    ```

The figure holds the drawings made ahead of time (`diagrams/rendered/<name>.json`, by
`make diagrams`) when they match the source, so the page shows the diagram with no
script at all. Otherwise it holds a `div.mermaid` (which mkdocs-mermaid2 picks up and
Mermaid draws in the browser). Either way a caption says what the diagram shows.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from live_widgets.blocks import Block, parse_mapping
from live_widgets.diagram_renders import DiagramRender, drawings_html, fresh_render
from live_widgets.errors import BookError

_KEYS = {"file", "caption"}


def render_diagram(block: Block, path: str, diagrams_dir: Path | None) -> str:
    """One ```diagram block as a captioned figure, drawn ahead of time when its drawing
    is up to date (else Mermaid draws it in the browser), or a BookError."""
    name, caption = read_diagram_block(block, path)
    source_file = diagrams_dir / f"{name}.mmd" if diagrams_dir else None
    if not is_diagram_name(name) or source_file is None or not source_file.is_file():
        raise BookError(path, missing_diagram(name), block.line)
    source = source_file.read_text(encoding="utf-8")
    render = fresh_render(source_file.parent, name, source)
    if render is not None:
        return drawn_figure(name, render, caption)
    return mermaid_figure(name, source, caption)


def drawn_figure(name: str, render: DiagramRender, caption: str) -> str:
    """A figure with the drawings made ahead of time: no script needed to show it."""
    return (
        f'<figure class="diagram" data-diagram="{escape(name)}" data-drawn="ahead">\n'
        f"{drawings_html(name, render)}\n<figcaption>{escape(caption)}</figcaption>\n</figure>"
    )


def mermaid_figure(name: str, source: str, caption: str) -> str:
    """A figure whose Mermaid source is drawn in the browser (and read as text until then)."""
    # One line per source line, no blank lines: Markdown keeps the block raw.
    body = "\n".join(escape(line, quote=False) for line in source.splitlines() if line.strip())
    return (
        f'<figure class="diagram" data-diagram="{escape(name)}">\n'
        f'<div class="mermaid">\n{body}\n</div>\n<figcaption>{escape(caption)}</figcaption>\n'
        "</figure>"
    )


def read_diagram_block(block: Block, path: str) -> tuple[str, str]:
    """The block's diagram name (without .mmd) and caption, or a BookError naming the line.

    Shared by the build and `build/check_book.py`, so both say the same thing.
    """
    data = parse_mapping(block, path)
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise BookError(
            path,
            f"diagram block: unknown key(s) {', '.join(unknown)}; use file and caption",
            block.line,
        )
    name = data.get("file")
    caption = data.get("caption")
    if not isinstance(name, str) or not name.strip():
        raise BookError(path, "diagram block needs 'file: <name in diagrams/>'", block.line)
    if not isinstance(caption, str) or not caption.strip():
        raise BookError(
            path, f"diagram '{name}' needs a 'caption' saying what it shows", block.line
        )
    return name.strip().removesuffix(".mmd"), caption.strip()


def is_diagram_name(name: str) -> bool:
    """A plain file name inside diagrams/: no path can lead out of the folder."""
    return bool(name) and "/" not in name and "\\" not in name and name not in {".", ".."}


def missing_diagram(name: str) -> str:
    return f"diagram file diagrams/{name}.mmd does not exist"
