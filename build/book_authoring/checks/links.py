"""Links: every relative `.md` link reaches a page, and its `#anchor` a heading or `{#id}`."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from .book import Book, Problem, page_path
from .page import anchors, line_at, prose, read_front_matter

_INLINE_LINK = re.compile(
    r"(?<!!)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(?P<url><[^>\n]*>|[^\s()]+)(?:\s+[\"'(][^)]*)?\)"
)
# A reference definition, `[ref]: url`; remote_assets reads them too.
REFERENCE = re.compile(r"^[ ]{0,3}\[(?!\^)(?P<ref>[^\]\n]+)\]:[ \t]*(?P<url><[^>\n]*>|\S+)", re.M)
_HREF = re.compile(r"\bhref\s*=\s*[\"'](?P<url>[^\"']*)[\"']", re.I)


def links(text: str) -> list[tuple[int, str]]:
    """(line, target) of every link the page writes: inline, reference definitions, href."""
    front = read_front_matter("", text)
    masked = prose(text, front.end)
    found: list[tuple[int, str]] = []
    for pattern in (_INLINE_LINK, REFERENCE, _HREF):
        for match in pattern.finditer(masked):
            url = match.group("url").strip("<>")
            found.append((line_at(masked, match.start("url")), url))
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
