"""Reading a page: its front matter, its prose (code and comments blanked out), its
headings and the ids a link can target. Shared by every rule family."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import markdown as markdown_lib
import yaml
from markdown.extensions.toc import slugify, unique

from .book import Problem, page_path


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, object] | None  # None when absent or unreadable
    end: int  # how many lines of the file it takes (0 when absent)
    key_lines: dict[str, int]  # 1-based file line of each key
    problems: tuple[Problem, ...] = ()


def read_front_matter(name: str, text: str) -> FrontMatter:
    """The YAML between the first two `---` lines, with the file line of each key."""
    path = page_path(name)
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        message = (
            "no front matter: start the file with a '---' line, then title, description "
            "and chapter, then '---'"
        )
        return FrontMatter(None, 0, {}, (Problem(path, 1, message),))
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in {"---", "..."}), None)
    if close is None:
        message = "front matter is never closed: add a '---' line after its last key"
        return FrontMatter(None, 0, {}, (Problem(path, 1, message),))
    source = "\n".join(lines[1:close])
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(error, "problem", None) or "unreadable"
        message = (
            f"front matter is not valid YAML ({problem}); "
            "put a value that contains ': ' in double quotes"
        )
        return FrontMatter(None, close + 1, {}, (Problem(path, line, message),))
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        message = "front matter must be 'key: value' lines (title, description, chapter)"
        return FrontMatter(None, close + 1, {}, (Problem(path, 1, message),))
    key_lines = {str(key.value): 2 + key.start_mark.line for key, _ in node.value}
    return FrontMatter({str(k): v for k, v in data.items()}, close + 1, key_lines)


def prose(text: str, skip: int = 0) -> str:
    """The text with everything that is not prose blanked out, line structure intact.

    Blanked: the first `skip` lines (front matter), fenced code blocks (fences
    included, indented ones in admonitions too), HTML comments and inline code spans.
    Links, headings and tags found in what remains are the page's own.
    """
    lines = text.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        if i < skip:
            lines[i] = ""
            continue
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            lines[i] = ""
            continue
        opening = re.match(r"^(`{3,}|~{3,})", stripped)
        if opening:
            fence = opening.group(1)
            lines[i] = ""
            continue
        lines[i] = re.sub(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", lambda m: " " * len(m.group(0)), line)
    masked = "\n".join(lines)
    return re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked, flags=re.S)


def line_at(text: str, offset: int) -> int:
    """The 1-based line of a character offset in `text`."""
    return text.count("\n", 0, offset) + 1


_HEADING = re.compile(
    r"^(?P<indent>[ \t]*)(?P<level>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$"
)
_ATTRS = re.compile(r"[ \t]*\{:?(?P<attrs>[^{}]*)\}[ \t]*$")
_EXPLICIT_ID = re.compile(r"\{:?[^{}\n]*?#(?P<id>[\w-]+)[^{}\n]*\}")
_HTML_ID = re.compile(r"\bid\s*=\s*[\"'](?P<id>[^\"']+)[\"']")


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str  # without a trailing {: attr list}
    explicit_id: str | None
    top_level: bool  # starts at column 0 (not inside an admonition)


def headings(text: str, masked: str) -> list[Heading]:
    """ATX headings outside code, in order (the text read from the original line)."""
    found: list[Heading] = []
    original = text.split("\n")
    for number, line in enumerate(masked.split("\n"), start=1):
        match = _HEADING.match(line)
        if not match or not line.strip():
            continue
        # Inline code was blanked in `masked`; the heading's words come from the source.
        source = _HEADING.match(original[number - 1])
        words = source.group("text") if source else match.group("text")
        explicit = None
        attrs = _ATTRS.search(words)
        if attrs:
            words = words[: attrs.start()]
            id_match = re.search(r"#([\w-]+)", attrs.group("attrs"))
            explicit = id_match.group(1) if id_match else None
        found.append(
            Heading(
                number,
                len(match.group("level")),
                words.strip(),
                explicit,
                match.group("indent") == "",
            )
        )
    return found


_INLINE = markdown_lib.Markdown(extensions=["abbr", "attr_list"])


def heading_slug(words: str) -> str:
    """The id MkDocs' toc extension gives a heading: its rendered text, slugified."""
    _INLINE.reset()
    # A leading word keeps "1. Clarify" a heading's text rather than a list item.
    rendered = re.sub(r"<[^>]+>", "", _INLINE.convert(f"x {words}"))
    return slugify(html.unescape(rendered).strip().removeprefix("x "), "-")


def anchors(text: str) -> set[str]:
    """Every id a link can target on the page: headings (made unique as toc does),
    explicit `{#id}` attributes and `id="..."` in raw HTML."""
    front = read_front_matter("", text)
    masked = prose(text, front.end)
    used: set[str] = set()
    for heading in headings(text, masked):
        used.add(heading.explicit_id or unique(heading_slug(heading.text), used))
    used.update(m.group("id") for m in _EXPLICIT_ID.finditer(masked))
    used.update(m.group("id") for m in _HTML_ID.finditer(masked))
    return used
