"""```diagram blocks become captioned Mermaid figures, or fail naming the chapter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from live_widgets.diagram_renders import (
    THEMES,
    DiagramRender,
    render_path,
    svg_id,
    write_render,
)
from live_widgets.errors import BookError
from tests.book_generator import expand


@pytest.fixture
def diagrams(tmp_path: Path) -> Path:
    (tmp_path / "flow.mmd").write_text('flowchart LR\n\n  A["a < b"] --> B\n', encoding="utf-8")
    return tmp_path


def test_renders_figure_with_escaped_source_and_caption(diagrams: Path) -> None:
    """The Mermaid source is HTML-escaped (Mermaid reads textContent) and captioned."""
    md = "```diagram\nfile: flow\ncaption: A goes to B.\n```"
    html = expand(md, "content/ch.md", diagrams_dir=diagrams)
    assert '<div class="mermaid">' in html
    assert 'A["a &lt; b"] --&gt; B' in html
    assert "<figcaption>A goes to B.</figcaption>" in html
    assert "\n\n" not in html.strip()  # no blank line inside: Markdown keeps it raw


def test_missing_file_fails_naming_chapter_and_diagram(diagrams: Path) -> None:
    """A missing diagram fails the build with the chapter file, line and diagram name."""
    md = "text\n\n```diagram\nfile: nope\ncaption: x\n```"
    with pytest.raises(BookError) as error:
        expand(md, "content/caching.md", diagrams_dir=diagrams)
    assert str(error.value) == "content/caching.md:3: diagram file diagrams/nope.mmd does not exist"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("file: flow", "needs a 'caption'"),
        ("caption: x", "needs 'file:"),
        ("file: flow\ncaption: x\ncolour: red", "unknown key(s) colour"),
        ("file: ../secrets\ncaption: x", "does not exist"),
    ],
)
def test_block_mistakes_are_explained(diagrams: Path, body: str, message: str) -> None:
    """Each authoring mistake has its own message (and no path escapes diagrams/)."""
    with pytest.raises(BookError, match=message.replace("(", r"\(").replace(")", r"\)")):
        expand(f"```diagram\n{body}\n```", "content/ch.md", diagrams_dir=diagrams)


def _drawn(name: str, source: str) -> DiagramRender:
    svgs = {p: f'<svg id="{svg_id(name, p)}"><title>{p}</title>\n<g></g></svg>' for p in THEMES}
    return DiagramRender.drawn(source, "12.3.0", "config", svgs)


def test_an_up_to_date_drawing_is_inlined_for_both_palettes(diagrams: Path) -> None:
    """A drawing made from this very source replaces Mermaid: both palettes' SVGs are in
    the figure, on lines Markdown keeps raw, and no Mermaid source is left to draw."""
    source = (diagrams / "flow.mmd").read_text(encoding="utf-8")
    write_render(diagrams, "flow", _drawn("flow", source))
    html = expand(
        "```diagram\nfile: flow\ncaption: A goes to B.\n```", "ch.md", diagrams_dir=diagrams
    )
    assert 'data-drawn="ahead"' in html and 'class="mermaid"' not in html
    assert '<div class="diagram-drawing" data-palette="light"><svg id="diagram-flow-light">' in html
    assert '<div class="diagram-drawing" data-palette="dark"><svg id="diagram-flow-dark">' in html
    assert "\n\n" not in html.strip()
    assert "<figcaption>A goes to B.</figcaption>" in html


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: (d / "flow.mmd").write_text("flowchart LR\n  A --> C\n", encoding="utf-8"),
        lambda d: render_path(d, "flow").write_text("{not json", encoding="utf-8"),
        lambda d: write_render(d, "flow", _drawn("other", (d / "flow.mmd").read_text("utf-8"))),
        lambda d: render_path(d, "flow").unlink(),
    ],
    ids=["source-changed", "corrupt-file", "drawn-under-other-ids", "no-drawing"],
)
def test_a_drawing_that_does_not_match_leaves_the_diagram_to_mermaid(
    diagrams: Path, spoil: Callable[[Path], object]
) -> None:
    """An out-of-date, unreadable or foreign drawing is never shown: the page gets the
    Mermaid source of the diagram as it is now, so the reader sees the current picture."""
    write_render(diagrams, "flow", _drawn("flow", (diagrams / "flow.mmd").read_text("utf-8")))
    spoil(diagrams)
    html = expand("```diagram\nfile: flow\ncaption: c\n```", "ch.md", diagrams_dir=diagrams)
    assert '<div class="mermaid">' in html and "diagram-drawing" not in html
