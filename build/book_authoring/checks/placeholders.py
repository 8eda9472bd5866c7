"""Placeholders: no sentence of the chapter template is left in a page.

`make chapter` writes a chapter from templates/chapter.md, whose sentences say what goes
where ("Describe what goes wrong, in numbers, ..."). Each must be replaced before the
chapter is published, so each one still there is a problem at its line. The template is
the one list of them: a sentence changed there is recognised here at once.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .book import Problem, page_path

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "chapter.md"

# Lines of the template that are structure, not a placeholder: headings, admonition and
# fence lines, front matter delimiters, and slots filled in by `make chapter`.
_STRUCTURE = re.compile(r"^(?:#|!!!|```|---$|.*\{\{)")


def template_sentences(template: str) -> frozenset[str]:
    """Every line of `template` a writer must replace, stripped: not blank, not structure,
    not inside an HTML comment (the guidance there is for the writer and never shown)."""
    visible = re.sub(r"<!--.*?-->", "", template, flags=re.DOTALL)
    return frozenset(
        stripped
        for line in visible.split("\n")
        if (stripped := line.strip()) and not _STRUCTURE.match(stripped)
    )


@cache
def _sentences() -> frozenset[str]:
    return template_sentences(TEMPLATE.read_text(encoding="utf-8"))


def check_placeholders(
    name: str, text: str, sentences: frozenset[str] | None = None
) -> list[Problem]:
    """A problem at each line of the page that is still a sentence of the chapter template."""
    known = _sentences() if sentences is None else sentences
    path = page_path(name)
    return [
        Problem(
            path, number, f"placeholder from the chapter template, replace it: {line.strip()!r}"
        )
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip() in known
    ]
