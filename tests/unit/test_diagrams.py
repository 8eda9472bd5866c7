"""```diagram blocks become captioned Mermaid figures, or fail naming the chapter."""

from __future__ import annotations

from pathlib import Path

import pytest

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
