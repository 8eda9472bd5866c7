"""Contribution checks: what every pull request must get right, as `path:line: message`.

`build/check_book.py` (`make check`, part of `make test`) runs them over
content/*.md (files starting with `_` are drafts, not published) and diagrams/*.mmd:

- front matter: exactly `title`, `description` (at most 160 characters) and
  `chapter` (a whole number: 0 for index.md, 1 to 99 for every other page);
- chapter structure: a chapter has the arc's H2 sections in order and at least five
  `??? question` blocks under "Check yourself". A page is a chapter when its
  front matter says chapter 1 to 15 (the core book) or when it has a
  `## The symptom` section (a chapter added later, numbered 16 or more). Every
  other page except index.md is an appendix page, numbered 16 or more;
- links: every relative `.md` link reaches a page, and its `#anchor` a heading (ids as
  MkDocs' toc extension makes them) or an explicit `{#id}`;
- diagrams: every diagrams/*.mmd is used by a ```diagram block, and every block names
  a file that exists;
- widgets: every ```widget and ```widget-reference block names a known widget with
  valid parameters (the same messages as the build);
- remote assets: no `<img>`, `<script>`, `<link>`, `<iframe>` (or other embedding
  tag) and no Markdown image loads anything from another host.

Every function here except `read_book` is pure: text in, problems out.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

import markdown as markdown_lib
import yaml
from markdown.extensions.toc import slugify, unique

from live_widgets.blocks import Block, find_blocks
from live_widgets.diagrams import is_diagram_name, missing_diagram, read_diagram_block
from live_widgets.errors import BookError

CONTENT = "content"
DIAGRAMS = "diagrams"
INTRODUCTION = "index.md"
FRONT_MATTER_KEYS = ("title", "description", "chapter")
MAX_DESCRIPTION = 160
CORE_CHAPTERS = range(1, 16)
MAX_CHAPTER = 99
REQUIRED_SECTIONS = (
    "The symptom",
    "The cause",
    "The move",
    "The trade-off",
    "Signals for the next move",
    "Check yourself",
    "Further reading",
)
MIN_QUESTIONS = 5

Role = Literal["introduction", "chapter", "appendix"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix, at a file (repository-relative) and a 1-based line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Book:
    """The sources the checks read: pages by name (relative to content/) and diagram names."""

    pages: dict[str, str]
    diagrams: frozenset[str] = field(default_factory=frozenset)


def read_book(root: Path) -> Book:
    """content/*.md (except drafts starting with `_`) and the names of diagrams/*.mmd."""
    pages = {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted((root / CONTENT).glob("*.md"))
        if not path.name.startswith("_")
    }
    diagrams = frozenset(path.stem for path in (root / DIAGRAMS).glob("*.mmd"))
    return Book(pages, diagrams)


def check_book(book: Book) -> list[Problem]:
    """Every problem in the book, sorted by file and line."""
    problems: list[Problem] = []
    for name, text in book.pages.items():
        problems += check_front_matter(name, text)
        problems += check_sections(name, text)
        problems += check_widget_blocks(name, text)
        problems += check_remote_assets(name, text)
    problems += check_links(book)
    problems += check_diagrams(book)
    return sorted(set(problems))


def check_root(root: Path) -> list[Problem]:
    return check_book(read_book(root))


# --- Reading a page ----------------------------------------------------------------


def page_path(name: str) -> str:
    return f"{CONTENT}/{name}"


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


def _line_at(text: str, offset: int) -> int:
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


# --- Front matter ------------------------------------------------------------------


def check_front_matter(name: str, text: str) -> list[Problem]:
    """Exactly title (text), description (text, <= 160 characters) and chapter (a whole
    number: 0 for index.md, 1 to 99 for every other page)."""
    path = page_path(name)
    front = read_front_matter(name, text)
    if front.data is None:
        return list(front.problems)
    data, lines = front.data, front.key_lines
    problems = [
        Problem(
            path,
            lines.get(key, 1),
            f"front matter: unknown key '{key}' (allowed: {', '.join(FRONT_MATTER_KEYS)})",
        )
        for key in data
        if key not in FRONT_MATTER_KEYS
    ]
    for key in FRONT_MATTER_KEYS:
        if key not in data:
            problems.append(Problem(path, 1, f"front matter: missing required key '{key}'"))
    for key in ("title", "description"):
        value = data.get(key)
        if key in data and (not isinstance(value, str) or not value.strip()):
            problems.append(
                Problem(path, lines[key], f"front matter: '{key}' must be text, got {value!r}")
            )
    description = data.get("description")
    if isinstance(description, str) and len(description.strip()) > MAX_DESCRIPTION:
        problems.append(
            Problem(
                path,
                lines["description"],
                f"front matter: description is {len(description.strip())} characters; "
                f"keep it to {MAX_DESCRIPTION} or fewer",
            )
        )
    chapter = data.get("chapter")
    if "chapter" not in data:
        pass
    elif not isinstance(chapter, int) or isinstance(chapter, bool):
        problems.append(
            Problem(
                path,
                lines["chapter"],
                f"front matter: 'chapter' must be a whole number, got {chapter!r}",
            )
        )
    elif name == INTRODUCTION and chapter != 0:
        problems.append(
            Problem(
                path,
                lines["chapter"],
                f"front matter: index.md is the introduction, chapter 0, not {chapter}",
            )
        )
    elif name != INTRODUCTION and not 1 <= chapter <= MAX_CHAPTER:
        problems.append(
            Problem(
                path,
                lines["chapter"],
                f"front matter: chapter {chapter} is out of range: use 1 to {MAX_CHAPTER} "
                "(0 is the introduction, index.md)",
            )
        )
    return problems


# --- Chapter structure -------------------------------------------------------------


def page_role(name: str, chapter: object, sections: Iterable[str]) -> Role:
    """index.md is the introduction; a page numbered 1 to 15, or with a `## The symptom`
    section, is a chapter; any other page is an appendix page (numbered 16 or more)."""
    if name == INTRODUCTION:
        return "introduction"
    core = isinstance(chapter, int) and not isinstance(chapter, bool) and chapter in CORE_CHAPTERS
    if core or REQUIRED_SECTIONS[0] in sections:
        return "chapter"
    return "appendix"


def check_sections(name: str, text: str) -> list[Problem]:
    """A chapter has the arc's H2 sections, each once and in order, and at least five
    `??? question` blocks under "Check yourself"."""
    path = page_path(name)
    front = read_front_matter(name, text)
    masked = prose(text, front.end)
    h2 = [h for h in headings(text, masked) if h.level == 2 and h.top_level]
    titles = [h.text for h in h2]
    chapter = front.data.get("chapter") if front.data else None
    if page_role(name, chapter, titles) != "chapter":
        return []
    problems: list[Problem] = []
    first: dict[str, Heading] = {}
    for heading in h2:
        if heading.text not in REQUIRED_SECTIONS:
            continue
        if heading.text in first:
            problems.append(
                Problem(
                    path,
                    heading.line,
                    f"'## {heading.text}' appears twice (first at line "
                    f"{first[heading.text].line}); each required section appears once",
                )
            )
        else:
            first[heading.text] = heading
    latest: Heading | None = None
    for heading in sorted(first.values(), key=lambda h: h.line):
        if latest and REQUIRED_SECTIONS.index(heading.text) < REQUIRED_SECTIONS.index(latest.text):
            problems.append(
                Problem(
                    path,
                    heading.line,
                    f"'## {heading.text}' is out of order: it must come before "
                    f"'## {latest.text}' (line {latest.line})",
                )
            )
        else:
            latest = heading
    end_line = text.count("\n") + 1
    for index, section in enumerate(REQUIRED_SECTIONS):
        if section in first:
            continue
        later = [first[s].line for s in REQUIRED_SECTIONS[index + 1 :] if s in first]
        where = min(later) if later else end_line
        after = f"after '## {REQUIRED_SECTIONS[index - 1]}'" if index else "as the first section"
        problems.append(
            Problem(path, where, f"chapter is missing the '## {section}' section ({after})")
        )
    check = first.get("Check yourself")
    if check is not None:
        lines = masked.split("\n")
        following = [h.line for h in h2 if h.line > check.line]
        stop = min(following) - 1 if following else len(lines)
        questions = sum(
            1 for line in lines[check.line : stop] if re.match(r"^\?\?\?\+?[ \t]+question\b", line)
        )
        if questions < MIN_QUESTIONS:
            problems.append(
                Problem(
                    path,
                    check.line,
                    f"'## Check yourself' has {questions} '??? question' block"
                    f"{'' if questions == 1 else 's'}; a chapter needs at least {MIN_QUESTIONS}",
                )
            )
    return problems


# --- Links -------------------------------------------------------------------------

_INLINE_LINK = re.compile(
    r"(?<!!)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(?P<url><[^>\n]*>|[^\s()]+)(?:\s+[\"'(][^)]*)?\)"
)
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?!\^)(?P<ref>[^\]\n]+)\]:[ \t]*(?P<url><[^>\n]*>|\S+)", re.M)
_HREF = re.compile(r"\bhref\s*=\s*[\"'](?P<url>[^\"']*)[\"']", re.I)


def links(text: str) -> list[tuple[int, str]]:
    """(line, target) of every link the page writes: inline, reference definitions, href."""
    front = read_front_matter("", text)
    masked = prose(text, front.end)
    found: list[tuple[int, str]] = []
    for pattern in (_INLINE_LINK, _REFERENCE, _HREF):
        for match in pattern.finditer(masked):
            url = match.group("url").strip("<>")
            found.append((_line_at(masked, match.start("url")), url))
    return sorted(found)


def link_problem(
    page: str, target: str, book: Book, anchor_sets: dict[str, set[str]]
) -> str | None:
    """What is wrong with one link target on `page` (None if nothing, or not ours to check)."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
        return None  # another site, mailto: and the like
    if target.startswith("/"):
        return (
            f"link '{target}' is root-absolute and breaks when the site is served under a "
            "sub-path; link to the page's .md file with a relative path"
        )
    location, _, anchor = target.partition("#")
    location = unquote(location.split("?", 1)[0])
    if not location:
        destination = page
    elif location.endswith(".md"):
        destination = posixpath.normpath(posixpath.join(posixpath.dirname(page), location))
        if destination not in book.pages:
            return f"link to '{target}': there is no page {page_path(destination)}"
    else:
        return None  # assets and other files: MkDocs' own validation reports those
    if not anchor:
        return None
    if destination not in anchor_sets:
        anchor_sets[destination] = anchors(book.pages[destination])
    if unquote(anchor) not in anchor_sets[destination]:
        return (
            f"link to '{target}': {page_path(destination)} has no heading or "
            f"{{#id}} for '#{anchor}'"
        )
    return None


def check_links(book: Book) -> list[Problem]:
    """Every relative .md link reaches a page, and every #anchor a heading or {#id}."""
    anchor_sets: dict[str, set[str]] = {}
    problems: list[Problem] = []
    for name, text in book.pages.items():
        for line, target in links(text):
            message = link_problem(name, target, book, anchor_sets)
            if message:
                problems.append(Problem(page_path(name), line, message))
    return problems


# --- Fenced blocks: diagrams and widgets -------------------------------------------


def _blocks(name: str, text: str, kind: str) -> tuple[list[Block], list[Problem]]:
    try:
        return find_blocks(text, kind, page_path(name)), []
    except BookError as error:
        return [], [Problem(page_path(name), error.line or 1, error.detail)]


def check_diagrams(book: Book) -> list[Problem]:
    """Every ```diagram block names a file in diagrams/, and every file there is used."""
    problems: list[Problem] = []
    used: set[str] = set()
    for name, text in book.pages.items():
        path = page_path(name)
        blocks, unreadable = _blocks(name, text, "diagram")
        problems += unreadable
        for block in blocks:
            try:
                diagram, _ = read_diagram_block(block, path)
            except BookError as error:
                problems.append(Problem(path, error.line or block.line, error.detail))
                continue
            used.add(diagram)
            if not is_diagram_name(diagram) or diagram not in book.diagrams:
                problems.append(Problem(path, block.line, missing_diagram(diagram)))
    for diagram in sorted(book.diagrams - used):
        problems.append(
            Problem(
                f"{DIAGRAMS}/{diagram}.mmd",
                1,
                f"diagram is not used: no ```diagram block has 'file: {diagram}'; "
                "include it in a chapter or delete it",
            )
        )
    return problems


def check_widget_blocks(name: str, text: str) -> list[Problem]:
    """Every ```widget block names a known widget with valid parameters, and every
    ```widget-reference block a known widget (or `all`): the build's own messages."""
    from live_widgets.embed_guide import reference_specs
    from live_widgets.widget_blocks import read_widget_block
    from widgets import registry

    path = page_path(name)
    problems: list[Problem] = []
    readers: tuple[tuple[str, Callable[..., object]], ...] = (
        ("widget", read_widget_block),
        ("widget-reference", reference_specs),
    )
    for kind, read in readers:
        blocks, unreadable = _blocks(name, text, kind)
        problems += unreadable
        for block in blocks:
            try:
                read(block, path, registry())
            except BookError as error:
                problems.append(Problem(path, error.line or block.line, error.detail))
            except ImportError as error:
                problems.append(
                    Problem(
                        path,
                        block.line,
                        f"the widget registry does not load ({error}); fix widgets/ first",
                    )
                )
    return problems


# --- Remote assets -----------------------------------------------------------------

_REMOTE = r"(?:https?:)?//[^\s\"'<>)]+"
_REMOTE_TAG = re.compile(
    r"<(?P<tag>img|script|link|iframe|video|audio|source|track|embed|object)\b[^>]*?"
    r"\b(?:src|href|srcset|data|poster)\s*=\s*[\"']?\s*(?P<url>" + _REMOTE + ")",
    re.I | re.S,
)
_REMOTE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?(?P<url>" + _REMOTE + ")")
_REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\[(?P<ref>[^\]\n]*)\]")


def check_remote_assets(name: str, text: str) -> list[Problem]:
    """Nothing on a page loads from another host: the site serves every file itself.
    (Plain links to other sites are fine: the reader chooses to follow them.)"""
    path = page_path(name)
    front = read_front_matter(name, text)
    masked = prose(text, front.end)
    advice = "the book serves every file itself: put it in content/assets/ and link it relatively"
    problems = [
        Problem(
            path,
            _line_at(masked, m.start()),
            f"remote asset: <{m.group('tag').lower()}> loads {m.group('url')}; {advice}",
        )
        for m in _REMOTE_TAG.finditer(masked)
    ]
    problems += [
        Problem(path, _line_at(masked, m.start()), f"remote image {m.group('url')}; {advice}")
        for m in _REMOTE_IMAGE.finditer(masked)
    ]
    definitions = {
        m.group("ref").lower(): m.group("url").strip("<>") for m in _REFERENCE.finditer(masked)
    }
    for match in _REFERENCE_IMAGE.finditer(masked):
        url = definitions.get((match.group("ref") or match.group("alt")).lower(), "")
        if re.match(_REMOTE, url):
            problems.append(
                Problem(path, _line_at(masked, match.start()), f"remote image {url}; {advice}")
            )
    return problems
