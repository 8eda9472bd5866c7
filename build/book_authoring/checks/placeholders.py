"""Placeholders: no sentence of the chapter or diagram template is left in the book.

`make chapter` writes a chapter from templates/chapter.md, whose sentences say what goes
where ("Describe what goes wrong, in numbers, ..."), and its diagram from
templates/diagram.mmd, whose description says "Replace with ...". Each must be replaced
before the chapter is published, so each one still there is a problem at its line. The
templates are the one list of them: a sentence changed there is recognised here at once.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .book import Book, Problem, diagram_path, page_path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE = TEMPLATES / "chapter.md"
DIAGRAM_TEMPLATE = TEMPLATES / "diagram.mmd"
WIDGET_TEMPLATE = TEMPLATES / "widget" / "spec.py.tmpl"

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


@cache
def _diagram_sentences() -> frozenset[str]:
    """The diagram template's description: its one line a writer must replace."""
    lines = DIAGRAM_TEMPLATE.read_text(encoding="utf-8").split("\n")
    return frozenset(line.strip() for line in lines if line.strip().startswith("accDescr:"))


@cache
def _widget_sentences() -> frozenset[str]:
    """The widget template's lines that say "Replace with ...": its summary."""
    lines = WIDGET_TEMPLATE.read_text(encoding="utf-8").split("\n")
    return frozenset(line.strip() for line in lines if "Replace with" in line)


def check_placeholders(name: str, text: str) -> list[Problem]:
    """A problem at each line of the page that is still a sentence of the chapter template."""
    return _left_in(page_path(name), text, _sentences(), "chapter")


def check_diagram_placeholders(book: Book) -> list[Problem]:
    """A problem at each diagram whose description is still the template's."""
    problems: list[Problem] = []
    for name, source in book.diagram_sources.items():
        problems += _left_in(diagram_path(name), source, _diagram_sentences(), "diagram")
    return problems


def _left_in(path: str, text: str, known: frozenset[str], template: str) -> list[Problem]:
    return [
        Problem(path, number, f"placeholder from the {template} template, replace it: {line!r}")
        for number, raw in enumerate(text.split("\n"), start=1)
        if (line := raw.strip()) in known
    ]


def check_widget_placeholders(book: Book) -> list[Problem]:
    """A problem at each widget spec line that `make widget` wrote to be replaced."""
    problems: list[Problem] = []
    for path, source in book.widget_specs.items():
        problems += _left_in(path, source, _widget_sentences(), "widget")
    return problems
