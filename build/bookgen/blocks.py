"""Find our fenced blocks (```diagram, ```widget) in a chapter's Markdown.

A block is a top-level fence whose info string is exactly the block's kind, with a
YAML mapping as its body. Replacing blocks keeps every other line untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from bookgen.errors import BookError

_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<kind>[\w-]+)\s*$")


@dataclass(frozen=True)
class Block:
    kind: str
    body: str
    line: int  # 1-based line of the opening fence
    index: int  # 0-based position among blocks of this kind on the page


class UnclosedBlock(ValueError):
    """A block's opening fence with no closing fence after it."""

    def __init__(self, kind: str, line: int) -> None:
        self.message = f"the ```{kind} block is never closed"
        self.line = line
        super().__init__(f"line {line}: {self.message}")


def _blocks(markdown: str, kind: str) -> list[tuple[int, int, Block]]:
    """(start, end) line indexes (end exclusive) and the block, for every `kind` fence."""
    lines = markdown.split("\n")
    found: list[tuple[int, int, Block]] = []
    outer_fence: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _OPEN.match(line)
        if outer_fence is not None:
            if line.strip() == outer_fence:
                outer_fence = None
            i += 1
            continue
        if match and match.group("kind") == kind:
            fence = match.group("fence")
            for j in range(i + 1, len(lines)):
                if lines[j].strip() == fence:
                    body = "\n".join(lines[i + 1 : j])
                    found.append((i, j + 1, Block(kind, body, i + 1, len(found))))
                    i = j + 1
                    break
            else:
                raise UnclosedBlock(kind, i + 1)
            continue
        if re.match(r"^(`{3,}|~{3,})", line):
            outer_fence = re.match(r"^(`{3,}|~{3,})", line).group(1)  # type: ignore[union-attr]
        i += 1
    return found


def find_blocks(markdown: str, kind: str, path: str) -> list[Block]:
    """Every `kind` block of the page, in order; an unclosed one is a BookError naming its line."""
    try:
        return [block for _, _, block in _blocks(markdown, kind)]
    except UnclosedBlock as error:
        raise BookError(path, error.message, error.line) from None


def replace_blocks(
    markdown: str, kind: str, path: str, render: Callable[[Block], str]
) -> tuple[str, int]:
    """Replace each `kind` block by `render(block)`; returns the new text and the count."""
    try:
        found = _blocks(markdown, kind)
    except ValueError as error:
        raise BookError(path, str(error)) from None
    if not found:
        return markdown, 0
    rendered = [render(block) for _, _, block in found]  # in page order: first error first
    lines = markdown.split("\n")
    for (start, end, _), html in reversed(list(zip(found, rendered, strict=True))):
        # Blank lines around keep Markdown from gluing the HTML to a paragraph.
        lines[start:end] = ["", html, ""]
    return "\n".join(lines), len(found)


def parse_mapping(block: Block, path: str) -> dict[str, object]:
    """The block's YAML body as a mapping of string keys, or a BookError naming the line."""
    try:
        data = yaml.safe_load(block.body) if block.body.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = block.line + 1 + mark.line if mark is not None else block.line
        problem = getattr(error, "problem", None) or "unreadable"
        raise BookError(
            path,
            f"the ```{block.kind} block is not valid YAML ({problem}); "
            "put a value that contains ': ' or starts with a quote in double quotes",
            line,
        ) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise BookError(path, f"the ```{block.kind} block must be 'name: value' lines", block.line)
    return data
