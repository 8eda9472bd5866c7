"""```diagram blocks: include a Mermaid file from diagrams/ as a captioned figure.

    ```diagram
    file: single-box
    caption: Everything on one machine.
    ```

The figure holds a `div.mermaid` (which mkdocs-mermaid2 picks up) and a caption,
so the page says what the diagram shows even before, or without, rendering.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from live_widgets.blocks import Block, parse_mapping
from live_widgets.errors import BookError

_KEYS = {"file", "caption"}


def render_diagram(block: Block, path: str, diagrams_dir: Path | None) -> str:
    """One ```diagram block as a figure holding its Mermaid source, or a BookError."""
    name, caption = read_diagram_block(block, path)
    source_file = diagrams_dir / f"{name}.mmd" if diagrams_dir else None
    if not is_diagram_name(name) or source_file is None or not source_file.is_file():
        raise BookError(path, missing_diagram(name), block.line)
    source = source_file.read_text(encoding="utf-8")
    # One line per source line, no blank lines: Markdown keeps the block raw.
    body = "\n".join(escape(line, quote=False) for line in source.splitlines() if line.strip())
    return (
        f'<figure class="diagram" data-diagram="{escape(name)}">\n'
        f'<div class="mermaid">\n{body}\n</div>\n'
        f"<figcaption>{escape(caption)}</figcaption>\n"
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
