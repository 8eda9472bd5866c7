"""Citations, both ways round.

Every entry of references.md is linked by the pages it says cite it, and by at least
one (a reference nobody cites is either dead or a citation that went missing in an
edit). And every link to another site, on any page, has its entry, whose "Cited in"
names that page: references.md says it lists every source the book cites. Links into
the book's own repository (mkdocs.yml's `repo_url`) are the book's files, not sources."""

from __future__ import annotations

import re

from .book import Book, Problem, page_path
from .links import links

REFERENCES = "references.md"
_ENTRY = re.compile(r"^- \[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)(?P<rest>.*)$")
_CITED_IN = re.compile(r"\]\((?P<page>[\w./-]+\.md)(?:#[^)]*)?\)")


def check_citations(book: Book) -> list[Problem]:
    text = book.pages.get(REFERENCES)
    if text is None:
        return []
    linked: dict[str, set[str]] = {}
    for name, page in book.pages.items():
        if name != REFERENCES:
            for _, url in links(page):
                linked.setdefault(url.rstrip("/"), set()).add(name)
    problems: list[Problem] = []
    where = page_path(REFERENCES)
    for number, line in enumerate(text.splitlines(), start=1):
        entry = _ENTRY.match(line)
        if not entry:
            continue
        title, url = entry.group("title"), entry.group("url").rstrip("/")
        citing = linked.get(url, set())
        if not citing:
            problems.append(Problem(where, number, f"'{title}' is cited by no chapter"))
            continue
        _, _, cited_in = entry.group("rest").partition("Cited in:")
        for page in _CITED_IN.findall(cited_in):
            if page not in citing:
                problems.append(
                    Problem(
                        where,
                        number,
                        f"'{title}' says it is cited in {page}, which does not link it",
                    )
                )
    return problems + _sources_not_listed(book, text)


def _sources_not_listed(book: Book, references: str) -> list[Problem]:
    """Each page's first link to a source that references.md lacks, or whose entry
    leaves that page out of "Cited in"."""
    entries: dict[str, tuple[str, set[str]]] = {}
    for line in references.splitlines():
        entry = _ENTRY.match(line)
        if entry:
            _, _, cited_in = entry.group("rest").partition("Cited in:")
            pages = set(_CITED_IN.findall(cited_in))
            entries[entry.group("url").rstrip("/")] = (entry.group("title"), pages)
    problems: list[Problem] = []
    for name, page in sorted(book.pages.items()):
        if name == REFERENCES:
            continue
        seen: set[str] = set()
        for number, url in links(page):
            source = url.rstrip("/")
            if not _is_source(source, book.repo_url) or source in seen:
                continue
            seen.add(source)
            if source not in entries:
                message = f"'{url}' is not in {REFERENCES}: add an entry (title, author, date) citing {name}"
            elif name not in entries[source][1]:
                message = (
                    f"{REFERENCES}'s '{entries[source][0]}' does not list {name} in 'Cited in'"
                )
            else:
                continue
            problems.append(Problem(page_path(name), number, message))
    return problems


def _is_source(url: str, repo_url: str) -> bool:
    """A link to another site that is not the book's own repository."""
    if not url.startswith(("http://", "https://")):
        return False
    return not (repo_url and (url == repo_url or url.startswith(repo_url + "/")))
