"""Glossary: its terms (the `## ` headings of glossary.md) stay in alphabetical order,
ignoring case, so a reader scanning for a term finds it where they expect."""

from __future__ import annotations

from itertools import pairwise

from .book import Book, Problem, page_path
from .page import headings, prose, read_front_matter

GLOSSARY = "glossary.md"


def check_glossary_order(book: Book) -> list[Problem]:
    text = book.pages.get(GLOSSARY)
    if text is None:
        return []
    masked = prose(text, read_front_matter(GLOSSARY, text).end)
    terms = [h for h in headings(text, masked) if h.level == 2 and h.top_level]
    problems: list[Problem] = []
    for before, term in pairwise(terms):
        if term.text.casefold() < before.text.casefold():
            problems.append(
                Problem(
                    page_path(GLOSSARY),
                    term.line,
                    f"glossary term '{term.text}' comes after '{before.text}'; "
                    "keep the terms in alphabetical order",
                )
            )
    return problems
