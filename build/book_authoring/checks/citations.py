"""Citations, both ways round.

Every entry of references.md is linked by the pages it says cite it, and by at least
one (a reference nobody cites is either dead or a citation that went missing in an
edit). And every link to another site, on any page, has its entry, whose "Cited in"
names that page: references.md says it lists every source the book cites. Links into
the book's own repository (mkdocs.yml's `repo_url`) are the book's files, not sources."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .book import Book, Problem, page_path
from .links import links

REFERENCES = "references.md"
_ENTRY = re.compile(r"^- \[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)(?P<rest>.*)$")
_CITED_IN = re.compile(r"\]\((?P<page>[\w./-]+\.md)(?:#[^)]*)?\)")


@dataclass(frozen=True)
class _Entry:
    """One line of references.md: a source and the pages it says cite it."""

    line: int
    title: str
    url: str
    cited_in: tuple[str, ...]


def _entries(references: str) -> list[_Entry]:
    found = []
    for number, line in enumerate(references.splitlines(), start=1):
        entry = _ENTRY.match(line)
        if entry:
            _, _, cited_in = entry.group("rest").partition("Cited in:")
            pages = tuple(_CITED_IN.findall(cited_in))
            found.append(
                _Entry(number, entry.group("title"), entry.group("url").rstrip("/"), pages)
            )
    return found


def check_citations(book: Book) -> list[Problem]:
    text = book.pages.get(REFERENCES)
    if text is None:
        return []
    entries = _entries(text)
    links_by_page = {
        name: links(page) for name, page in sorted(book.pages.items()) if name != REFERENCES
    }
    return _entries_not_cited(entries, links_by_page) + _sources_not_listed(
        entries, links_by_page, book.repo_url
    )


def _entries_not_cited(
    entries: list[_Entry], links_by_page: dict[str, list[tuple[int, str]]]
) -> list[Problem]:
    """Each entry no page links, and each page its "Cited in" names that does not link it."""
    linked: dict[str, set[str]] = {}
    for name, found in links_by_page.items():
        for _, url in found:
            linked.setdefault(url.rstrip("/"), set()).add(name)
    problems: list[Problem] = []
    where = page_path(REFERENCES)
    for entry in entries:
        citing = linked.get(entry.url, set())
        if not citing:
            problems.append(Problem(where, entry.line, f"'{entry.title}' is cited by no chapter"))
            continue
        for page in entry.cited_in:
            if page not in citing:
                message = f"'{entry.title}' says it is cited in {page}, which does not link it"
                problems.append(Problem(where, entry.line, message))
    return problems


def _sources_not_listed(
    entries: list[_Entry], links_by_page: dict[str, list[tuple[int, str]]], repo_url: str
) -> list[Problem]:
    """Each page's first link to a source that references.md lacks, or whose entry
    leaves that page out of "Cited in"."""
    by_url = {entry.url: entry for entry in entries}
    problems: list[Problem] = []
    for name, found in links_by_page.items():
        seen: set[str] = set()
        for number, url in found:
            source = url.rstrip("/")
            if not _is_source(source, repo_url) or source in seen:
                continue
            seen.add(source)
            entry = by_url.get(source)
            if entry is None:
                message = f"'{url}' is not in {REFERENCES}: add an entry (title, author, date) citing {name}"
            elif name not in entry.cited_in:
                message = f"{REFERENCES}'s '{entry.title}' does not list {name} in 'Cited in'"
            else:
                continue
            problems.append(Problem(page_path(name), number, message))
    return problems


def _is_source(url: str, repo_url: str) -> bool:
    """A link to another site that is not the book's own repository."""
    if not url.startswith(("http://", "https://")):
        return False
    return not (repo_url and (url == repo_url or url.startswith(repo_url + "/")))
