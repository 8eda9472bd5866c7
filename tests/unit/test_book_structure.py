"""The built book keeps its promises to readers: every chapter has its parts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from book_authoring.checks import check_widgets_placed, read_book
from book_bench.site_server import Served

CHAPTERS = [
    "one-server",
    "data-tier",
    "vertical-vs-horizontal",
    "load-balancer",
    "stateless-web-tier",
    "database-replication",
    "caching",
    "cdn",
    "message-queues",
    "sharding",
    "services",
    "multi-region",
    "observability",
    "full-picture",
    "interview",
]


class _Outline(HTMLParser):
    """Collects h2 texts, ids, hrefs, details blocks and diagram figures of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.details = 0
        self.diagrams = 0
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")
        elif tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        elif tag == "details":
            self.details += 1
        elif tag == "figure" and "diagram" in (a.get("class") or ""):
            self.diagrams += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2[-1] += data


def outline(site: Served, slug: str) -> _Outline:
    parser = _Outline()
    path = site.root / (f"{slug}/index.html" if slug else "index.html")
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _headings(parser: _Outline) -> list[str]:
    return [h.replace("¶", "").strip() for h in parser.h2]


@pytest.mark.parametrize("slug", CHAPTERS)
def test_chapter_has_diagram_check_yourself_and_further_reading(site: Served, slug: str) -> None:
    """Each chapter has a diagram, >= 5 click-to-reveal questions and further reading."""
    page = outline(site, slug)
    headings = _headings(page)
    assert page.diagrams >= 1, f"{slug}: no diagram"
    assert "Check yourself" in headings, f"{slug}: no 'Check yourself' section"
    assert "Further reading" in headings, f"{slug}: no 'Further reading' section"
    assert page.details >= 5, f"{slug}: fewer than 5 questions with hidden answers"
    for arc in (
        "The symptom",
        "The cause",
        "The move",
        "The trade-off",
        "Signals for the next move",
    ):
        assert arc in headings, f"{slug}: missing '{arc}'"


def test_nav_lists_every_chapter_in_book_order(repo_root: Path) -> None:
    """The nav follows the curriculum: chapters 1-15 in order, after the introduction."""
    config = yaml.load((repo_root / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    files = [next(iter(item.values())) for item in config["nav"] if isinstance(item, dict)]
    chapters = [f.removesuffix(".md") for f in files if isinstance(f, str)]
    assert chapters == ["index", *CHAPTERS]
    for number, slug in enumerate(CHAPTERS, start=1):
        text = (repo_root / "content" / f"{slug}.md").read_text(encoding="utf-8")
        assert re.search(rf"^chapter: {number}$", text, re.M), f"{slug}.md: chapter: {number}"


def test_every_glossary_link_resolves(site: Served) -> None:
    """Every link into the glossary lands on a defined term."""
    glossary = outline(site, "glossary")
    missing = []
    for slug in ["", *CHAPTERS]:
        for href in outline(site, slug).hrefs:
            match = re.search(r"glossary/#([\w-]+)$", href)
            if match and match.group(1) not in glossary.ids:
                missing.append(f"{slug or 'index'} -> #{match.group(1)}")
    assert not missing, missing
    assert len(glossary.h2) >= 40


def test_references_links_are_well_formed(site: Served) -> None:
    """Every external link on the references page is an absolute http(s) URL."""
    hrefs = [h for h in outline(site, "references").hrefs if "://" in h]
    assert len(hrefs) >= 30
    for href in hrefs:
        parts = urlparse(href)
        assert parts.scheme in {"https", "http"}, href
        assert "." in parts.netloc and " " not in href, href


def test_every_widget_is_placed_in_a_chapter(repo_root: Path) -> None:
    """A widget that no chapter shows would reach readers only as an embed page: every
    declared widget has a ```widget block in some page of content/ (make check's rule)."""
    assert check_widgets_placed(read_book(repo_root)) == []
