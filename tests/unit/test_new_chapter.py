"""`make chapter` (build/new_chapter.py): a scaffold that already passes every contribution
check, on a copy of the book, without disturbing mkdocs.yml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from book_authoring.checks import check_root, read_book, read_front_matter

SCRIPT = Path(__file__).resolve().parents[2] / "build" / "book_authoring" / "new_chapter.py"


@pytest.fixture
def book(repo_root: Path, tmp_path: Path) -> Path:
    """A copy of the book's content/, diagrams/ and mkdocs.yml."""
    shutil.copytree(repo_root / "content", tmp_path / "content")
    shutil.copytree(repo_root / "diagrams", tmp_path / "diagrams")
    shutil.copy(repo_root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _scaffold(root: Path, name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), name, "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def _nav(root: Path) -> list[object]:
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return list(config["nav"])


def test_scaffolded_chapter_passes_every_check(book: Path) -> None:
    """A new chapter starts valid: its front matter, sections, questions, links and diagram
    pass the checks, and it adds no problem to the book."""
    before = check_root(book)
    result = _scaffold(book, "Rate limiting")
    assert result.returncode == 0, result.stderr
    chapter = book / "content" / "rate-limiting.md"
    assert chapter.is_file()
    assert (book / "diagrams" / "rate-limiting.mmd").is_file()
    assert check_root(book) == before
    text = chapter.read_text(encoding="utf-8")
    front = read_front_matter("rate-limiting.md", text)
    assert front.data is not None
    assert (front.data["title"], front.data["chapter"]) == ("Rate limiting", 16)
    assert "# Rate limiting\n" in text
    assert text.count('??? question "') == 5
    assert "file: rate-limiting\n" in text
    diagram = (book / "diagrams" / "rate-limiting.mmd").read_text(encoding="utf-8")
    assert "accTitle: Rate limiting" in diagram and "accDescr:" in diagram


def test_nav_gains_the_chapter_before_the_appendix(book: Path) -> None:
    """The chapter is numbered after the last one and listed just before "Appendix",
    and mkdocs.yml keeps every other line (comments included) as it was."""
    original = (book / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    assert _scaffold(book, "Rate limiting").returncode == 0
    nav = _nav(book)
    titles = [next(iter(item)) for item in nav if isinstance(item, dict)]
    appendix = titles.index("Appendix")
    assert nav[appendix - 1] == {"16. Rate limiting": "rate-limiting.md"}
    updated = (book / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    added = [line for line in updated if line not in original]
    assert added == ["  - 16. Rate limiting: rate-limiting.md"]
    assert [line for line in updated if line not in added] == original


def test_titles_that_need_quoting_stay_valid_yaml(book: Path) -> None:
    """A title with ': ' or ' #' is quoted in the nav and the front matter, not mangled."""
    assert _scaffold(book, "Rate limiting").returncode == 0
    assert _scaffold(book, "Queues: part #2").returncode == 0
    nav = _nav(book)
    assert {"17. Queues: part #2": "queues-part-2.md"} in nav
    text = (book / "content" / "queues-part-2.md").read_text(encoding="utf-8")
    assert read_front_matter("queues-part-2.md", text).data["title"] == "Queues: part #2"  # type: ignore[index]
    assert "Previous: [Rate limiting](rate-limiting.md)" in text
    assert "queues-part-2.md" in read_book(book).pages


def test_existing_slug_is_refused_and_nothing_changes(book: Path) -> None:
    """Scaffolding over an existing chapter fails, naming it, and writes nothing."""
    config = (book / "mkdocs.yml").read_text(encoding="utf-8")
    caching = (book / "content" / "caching.md").read_text(encoding="utf-8")
    result = _scaffold(book, "Caching")
    assert result.returncode == 1
    assert "content/caching.md already exists" in result.stderr
    assert (book / "mkdocs.yml").read_text(encoding="utf-8") == config
    assert (book / "content" / "caching.md").read_text(encoding="utf-8") == caching
    assert not (book / "diagrams" / "caching.mmd").exists()
