"""What the checks read and report: the book's sources and one problem to fix."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CONTENT = "content"
DIAGRAMS = "diagrams"
WIDGETS = "widgets"
INTRODUCTION = "index.md"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix, at a file (repository-relative) and a 1-based line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Book:
    """The sources the checks read: pages by name (relative to content/), diagram names,
    and each diagram's source by name (what the text checks read)."""

    pages: dict[str, str]
    diagrams: frozenset[str] = field(default_factory=frozenset)
    diagram_sources: dict[str, str] = field(default_factory=dict)
    widget_specs: dict[str, str] = field(default_factory=dict)
    """Each widget folder's spec.py by its repository-relative path."""
    repo_url: str = ""
    """mkdocs.yml's `repo_url`: links into the book's own repository are not sources."""


def read_book(root: Path) -> Book:
    """content/*.md (except drafts starting with `_`), diagrams/*.mmd and widgets/*/spec.py."""
    pages = {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted((root / CONTENT).glob("*.md"))
        if not path.name.startswith("_")
    }
    sources = {
        path.stem: path.read_text(encoding="utf-8")
        for path in sorted((root / DIAGRAMS).glob("*.mmd"))
    }
    specs = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((root / WIDGETS).glob("[!_]*/spec.py"))
    }
    return Book(pages, frozenset(sources), sources, specs, _repo_url(root / "mkdocs.yml"))


def _repo_url(config: Path) -> str:
    """`repo_url` from mkdocs.yml, read as a line: the file's Python tags (pymdownx's
    `!!python/name:`) stop a plain YAML load."""
    if not config.is_file():
        return ""
    found = re.search(
        r"^repo_url:[ \t]*['\"]?([^'\"\s#]+)", config.read_text(encoding="utf-8"), re.M
    )
    return found.group(1).rstrip("/") if found else ""


def diagram_path(name: str) -> str:
    return f"{DIAGRAMS}/{name}.mmd"


def page_path(name: str) -> str:
    return f"{CONTENT}/{name}"
