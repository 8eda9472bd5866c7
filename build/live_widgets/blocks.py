"""Find our fenced blocks (```diagram, ```widget) in a chapter's Markdown.

A block is a top-level fence whose info string is exactly the block's kind, with a
YAML mapping as its body. Replacing blocks keeps every other line untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from live_widgets.errors import BookError

_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<kind>[\w-]+)\s*$")


@dataclass(frozen=True)
class Block:
    kind: str
    body: str
    line: int  # 1-based line of the opening fence
    index: int  # 0-based position among blocks of this kind on the page
    under: int = 1  # the level of the Markdown heading above it (1: the page's title)


class UnclosedBlock(ValueError):
    """A block's opening fence with no closing fence after it."""

    def __init__(self, kind: str, line: int) -> None:
        self.message = f"the ```{kind} block is never closed"
        self.line = line
        super().__init__(f"line {line}: {self.message}")


def _blocks(markdown: str, kinds: frozenset[str]) -> list[tuple[int, int, Block]]:
    """(start, end) line indexes (end exclusive) and the block, for every fence of `kinds`,
    in one pass over the page. Other fences (code samples) are skipped whole."""
    lines = markdown.split("\n")
    found: list[tuple[int, int, Block]] = []
    counts: dict[str, int] = {}
    outer_fence: str | None = None
    under = 1
    i = 0
    while i < len(lines):
        line = lines[i]
        if outer_fence is not None:
            if line.strip() == outer_fence:
                outer_fence = None
            i += 1
            continue
        match = _OPEN.match(line)
        if match and match.group("kind") in kinds:
            kind, fence = match.group("kind"), match.group("fence")
            for j in range(i + 1, len(lines)):
                if lines[j].strip() == fence:
                    body = "\n".join(lines[i + 1 : j])
                    index = counts.get(kind, 0)
                    counts[kind] = index + 1
                    found.append((i, j + 1, Block(kind, body, i + 1, index, under)))
                    i = j + 1
                    break
            else:
                raise UnclosedBlock(kind, i + 1)
            continue
        other = _ANY_FENCE.match(line)
        if other:
            outer_fence = other.group(1)
        heading = _HEADING.match(line)
        if heading:
            under = len(heading.group(1))
        i += 1
    return found


_HEADING = re.compile(r"^(#{1,6})\s")
"""An ATX heading (`## Title`): the level a block under it is nested in."""


_ANY_FENCE = re.compile(r"^(`{3,}|~{3,})")


def _kinds(kind: str | tuple[str, ...]) -> frozenset[str]:
    return frozenset((kind,) if isinstance(kind, str) else kind)


def find_blocks(markdown: str, kind: str | tuple[str, ...], path: str) -> list[Block]:
    """Every block of `kind` (one kind or several) in page order; an unclosed one is a
    BookError naming the line of its opening fence."""
    try:
        return [block for _, _, block in _blocks(markdown, _kinds(kind))]
    except UnclosedBlock as error:
        raise BookError(path, error.message, error.line) from None


def replace_blocks(
    markdown: str, kind: str | tuple[str, ...], path: str, render: Callable[[Block], str]
) -> tuple[str, int]:
    """Replace each block of `kind` (one or several) by `render(block)`, rendering in page
    order so the first error is reported first; returns the new text and the count."""
    try:
        found = _blocks(markdown, _kinds(kind))
    except UnclosedBlock as error:
        raise BookError(path, error.message, error.line) from None
    if not found:
        return markdown, 0
    rendered = [render(block) for _, _, block in found]
    lines = markdown.split("\n")
    for (start, end, _), html in reversed(list(zip(found, rendered, strict=True))):
        # Blank lines around keep Markdown from gluing the HTML to a paragraph.
        lines[start:end] = ["", html, ""]
    return "\n".join(lines), len(found)


MAX_SCALAR_CHARS = 400
"""A longer value in a block is a mistake (a pasted file, a runaway number)."""


@dataclass(frozen=True)
class Parsed:
    """A block's mapping, and the line of each key counted within the body (so the same
    parse serves wherever the block stands in the text). A key nested under another is
    found as `outer.inner`."""

    data: dict[str, object]
    lines: dict[str, int]

    def line(self, key: str, block: Block) -> int:
        """The file line of `key` in `block` (the opening fence's line if it is absent)."""
        return block.line + 1 + self.lines[key] if key in self.lines else block.line


def parse_block(block: Block, path: str, nested: frozenset[str] = frozenset()) -> Parsed:
    """The block's YAML body as `name: value` lines, or a BookError naming the line.

    Refused, each naming its line: invalid YAML, duplicate keys, a value that is a list
    or a mapping (except for keys in `nested`, which may hold one level of
    `name: value` lines), and values of more than MAX_SCALAR_CHARS characters.
    """
    if not block.body.strip():
        return Parsed({}, {})
    loader = yaml.SafeLoader(block.body)
    try:
        try:
            node = loader.get_single_node()
            if node is not None and isinstance(node, yaml.MappingNode):
                data, lines = _mapping(node, block, path, nested, loader, depth=0)
                return Parsed(data, lines)
        finally:
            loader.dispose()
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
    raise BookError(path, f"the ```{block.kind} block must be 'name: value' lines", block.line)


def _mapping(
    node: yaml.MappingNode,
    block: Block,
    path: str,
    nested: frozenset[str],
    loader: yaml.SafeLoader,
    depth: int,
) -> tuple[dict[str, object], dict[str, int]]:
    data: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = block.line + 1 + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            raise BookError(path, f"the ```{block.kind} block must be 'name: value' lines", line)
        key = str(key_node.value)
        if key in data:
            raise BookError(
                path,
                f"`{key}` is given twice in the ```{block.kind} block (line {block.line + 1 + lines[key]})",
                line,
            )
        lines[key] = key_node.start_mark.line
        if isinstance(value_node, yaml.MappingNode) and depth == 0 and key in nested:
            data[key], inner = _mapping(value_node, block, path, frozenset(), loader, depth + 1)
            lines.update({f"{key}.{name}": at for name, at in inner.items()})
            continue
        if not isinstance(value_node, yaml.ScalarNode):
            shape = "a list" if isinstance(value_node, yaml.SequenceNode) else "nested lines"
            raise BookError(path, f"`{key}` holds {shape}; give it one value on its own line", line)
        if len(str(value_node.value)) > MAX_SCALAR_CHARS:
            raise BookError(
                path, f"the value of `{key}` is over {MAX_SCALAR_CHARS} characters long", line
            )
        data[key] = loader.construct_object(value_node, deep=True)
    return data, lines


def parse_mapping(block: Block, path: str) -> dict[str, object]:
    """The block's `name: value` lines as a mapping (see parse_block)."""
    return parse_block(block, path).data
