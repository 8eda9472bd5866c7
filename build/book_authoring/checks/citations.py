"""Citations: every entry of references.md is linked by the chapters it says cite it,
and by at least one chapter (a reference nobody cites is either dead or a citation that
went missing in an edit)."""

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
    return problems
