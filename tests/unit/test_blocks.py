"""Finding and replacing our fenced blocks in chapter Markdown."""

from __future__ import annotations

import pytest

from live_widgets.blocks import parse_mapping, replace_blocks
from live_widgets.errors import BookError

PAGE = """# Title

```diagram
file: a
caption: first
```

```python
# a code sample that mentions a fence
x = "```diagram"
```

````markdown
```diagram
file: shown-as-code
```
````

```diagram
file: b
caption: second
```
"""


def test_finds_top_level_blocks_and_skips_code_samples() -> None:
    """Blocks inside other code fences (examples in the text) are left alone."""
    seen = []
    text, count = replace_blocks(PAGE, "diagram", "p.md", lambda b: seen.append(b) or "X")
    assert count == 2
    assert [b.line for b in seen] == [3, 19]
    assert "shown-as-code" in text
    assert "file: a" not in text


def test_unclosed_block_names_file_and_line() -> None:
    """An author who forgets the closing fence is told where."""
    with pytest.raises(BookError, match=r"p\.md:1: the ```widget block is never closed"):
        replace_blocks("```widget\nwidget: x\n", "widget", "p.md", lambda b: "")


def test_invalid_yaml_points_at_the_line() -> None:
    """YAML errors report the chapter file and the offending line."""
    block_text = "intro\n\n```diagram\nfile: x\ncaption: a: b: c\n```\n"

    def render(block):
        return str(parse_mapping(block, "content/ch.md"))

    with pytest.raises(
        BookError, match=r"content/ch\.md:5: the ```diagram block is not valid YAML"
    ):
        replace_blocks(block_text, "diagram", "content/ch.md", render)


def test_body_must_be_a_mapping() -> None:
    """A list or a bare word is not a block body."""
    with pytest.raises(BookError, match="must be 'name: value' lines"):
        replace_blocks(
            "```widget\n- a\n```", "widget", "p.md", lambda b: str(parse_mapping(b, "p.md"))
        )
