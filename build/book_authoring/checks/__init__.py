"""Contribution checks: what every pull request must get right, as `path:line: message`.

`build/book_authoring/check_book.py` (`make check`, part of `make test`) runs them over
content/*.md (files starting with `_` are drafts, not published), diagrams/*.mmd and
widgets/*/spec.py.
One module per rule family:

- `front_matter`: exactly `title`, `description` (at most 160 characters) and
  `chapter` (a whole number: 0 for index.md, 1 to 99 for every other page);
- `sections` (chapter structure): a chapter has the arc's H2 sections in order and at
  least five `??? question` blocks under "Check yourself". A page is a chapter when its
  front matter says chapter 1 to 15 (the core book) or when it has a
  `## The symptom` section (a chapter added later, numbered 16 or more). Every
  other page except index.md is an appendix page, numbered 16 or more;
- `links`: every relative `.md` link reaches a page, and its `#anchor` a heading (ids as
  MkDocs' toc extension makes them) or an explicit `{#id}`;
- `blocks`, diagrams: every diagrams/*.mmd is used by a ```diagram block, and every block
  names a file that exists;
- `blocks`, widgets: every ```widget and ```widget-reference block names a known widget
  with valid parameters (the same messages as the build), and every widget has a
  ```widget block in some page;
- `citations`: every entry of references.md is linked by the pages its "Cited in"
  names, and every link to another site has an entry naming the page that links it;
- `glossary`: the glossary's terms are in alphabetical order, ignoring case;
- `placeholders`: no sentence of the chapter template (templates/chapter.md) is left
  in a page, nor the diagram template's description in a diagram, nor the widget
  template's summary in a widget's spec.py: `make chapter` and `make widget` write
  them, the writer replaces each;
- `remote_assets`: no `<img>`, `<script>`, `<link>`, `<iframe>` (or other embedding
  tag) and no Markdown image loads anything from another host.

They share `book` (Book, Problem, read_book, page_path) and `page` (front matter, prose,
headings and anchors of one page). Every function here except `read_book` is pure: text
in, problems out.
"""

from __future__ import annotations

from pathlib import Path

from .blocks import check_diagrams, check_widget_blocks, check_widgets_placed
from .book import CONTENT, DIAGRAMS, INTRODUCTION, Book, Problem, page_path, read_book
from .citations import check_citations
from .front_matter import FRONT_MATTER_KEYS, MAX_CHAPTER, MAX_DESCRIPTION, check_front_matter
from .glossary import check_glossary_order
from .links import check_links, link_problem, links
from .page import (
    FrontMatter,
    Heading,
    anchors,
    heading_slug,
    headings,
    line_at,
    prose,
    read_front_matter,
)
from .placeholders import (
    check_diagram_placeholders,
    check_placeholders,
    check_widget_placeholders,
)
from .remote_assets import check_remote_assets
from .sections import (
    CORE_CHAPTERS,
    MIN_QUESTIONS,
    REQUIRED_SECTIONS,
    Role,
    check_sections,
    page_role,
)

__all__ = [
    "CONTENT",
    "CORE_CHAPTERS",
    "DIAGRAMS",
    "FRONT_MATTER_KEYS",
    "INTRODUCTION",
    "MAX_CHAPTER",
    "MAX_DESCRIPTION",
    "MIN_QUESTIONS",
    "REQUIRED_SECTIONS",
    "Book",
    "FrontMatter",
    "Heading",
    "Problem",
    "Role",
    "anchors",
    "check_book",
    "check_citations",
    "check_diagram_placeholders",
    "check_diagrams",
    "check_front_matter",
    "check_glossary_order",
    "check_links",
    "check_placeholders",
    "check_remote_assets",
    "check_root",
    "check_sections",
    "check_widget_blocks",
    "check_widget_placeholders",
    "check_widgets_placed",
    "heading_slug",
    "headings",
    "line_at",
    "link_problem",
    "links",
    "page_path",
    "page_role",
    "prose",
    "read_book",
    "read_front_matter",
]


def check_book(book: Book) -> list[Problem]:
    """Every problem in the book, sorted by file and line."""
    problems: list[Problem] = []
    for name, text in book.pages.items():
        problems += check_front_matter(name, text)
        problems += check_sections(name, text)
        problems += check_widget_blocks(name, text)
        problems += check_remote_assets(name, text)
        problems += check_placeholders(name, text)
    problems += check_links(book)
    problems += check_diagrams(book)
    problems += check_citations(book)
    problems += check_glossary_order(book)
    problems += check_diagram_placeholders(book)
    problems += check_widget_placeholders(book)
    problems += check_widgets_placed(book)
    return sorted(set(problems))


def check_root(root: Path) -> list[Problem]:
    return check_book(read_book(root))
