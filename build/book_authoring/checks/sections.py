"""Chapter structure: the arc's H2 sections in order, and enough questions to check yourself."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from .book import INTRODUCTION, Problem, page_path
from .page import Heading, headings, prose, read_front_matter

CORE_CHAPTERS = range(1, 16)
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
