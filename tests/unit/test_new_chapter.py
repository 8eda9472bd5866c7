"""`make chapter` (build/new_chapter.py): a scaffold whose only problems are the template
sentences left to replace, on a copy of the book, without disturbing mkdocs.yml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from book_authoring.checks import check_root, read_book, read_front_matter
from book_authoring.checks.placeholders import TEMPLATE, template_sentences

SCRIPT = Path(__file__).resolve().parents[2] / "build" / "book_authoring" / "new_chapter.py"
# A title no real chapter will take: a contributor following CONTRIBUTING's own example
# ("Rate limiting") must not make these tests fail.
NEW = "Scaffold under test"
SLUG = "scaffold-under-test"


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


def _next_number(root: Path) -> int:
    """The number the next chapter gets: one more than the chapters the nav numbers now."""
    titles = [next(iter(item)) for item in _nav(root) if isinstance(item, dict)]
    return 1 + sum(1 for title in titles if title.split(".")[0].isdigit())


def test_scaffolded_chapter_passes_every_check_but_its_placeholders(book: Path) -> None:
    """A new chapter starts valid: its front matter, sections, questions, links and diagram
    pass the checks. What `make check` reports is the writer's to-do list: each template
    sentence still to replace, at its line in the new chapter, and nothing else."""
    before = check_root(book)
    number = _next_number(book)
    result = _scaffold(book, NEW)
    assert result.returncode == 0, result.stderr
    chapter = book / "content" / f"{SLUG}.md"
    assert chapter.is_file()
    assert (book / "diagrams" / f"{SLUG}.mmd").is_file()
    added = [problem for problem in check_root(book) if problem not in before]
    lines = chapter.read_text(encoding="utf-8").split("\n")
    sentences = template_sentences(TEMPLATE.read_text(encoding="utf-8"))
    expected = [i for i, line in enumerate(lines, start=1) if line.strip() in sentences]
    assert len(expected) >= 15  # every section's sentence, five questions and answers
    diagram = (f"diagrams/{SLUG}.mmd", 3)  # its accDescr
    # The further-reading example is a placeholder and a source references.md lacks:
    # both are the writer's to do.
    source = next(i for i, line in enumerate(lines, start=1) if "https://example.org/" in line)
    placeholders = [p for p in added if p.message.startswith("placeholder from the")]
    assert [(p.path, p.line) for p in placeholders] == [
        *((f"content/{SLUG}.md", i) for i in expected),
        diagram,
    ]
    others = [p for p in added if p not in placeholders]
    assert [(p.path, p.line) for p in others] == [(f"content/{SLUG}.md", source)]
    assert "is not in references.md" in others[0].message
    text = chapter.read_text(encoding="utf-8")
    front = read_front_matter(f"{SLUG}.md", text)
    assert front.data is not None
    assert (front.data["title"], front.data["chapter"]) == (NEW, number)
    assert f"# {NEW}\n" in text
    assert text.count('??? question "') == 5
    assert f"file: {SLUG}\n" in text
    diagram = (book / "diagrams" / f"{SLUG}.mmd").read_text(encoding="utf-8")
    assert f"accTitle: {NEW}" in diagram and "accDescr:" in diagram


def test_nav_gains_the_chapter_before_the_appendix(book: Path) -> None:
    """The chapter is numbered after the last one and listed just before "Appendix",
    and mkdocs.yml keeps every other line (comments included) as it was."""
    original = (book / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    number = _next_number(book)
    assert _scaffold(book, NEW).returncode == 0
    nav = _nav(book)
    titles = [next(iter(item)) for item in nav if isinstance(item, dict)]
    appendix = titles.index("Appendix")
    assert nav[appendix - 1] == {f"{number}. {NEW}": f"{SLUG}.md"}
    updated = (book / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    added = [line for line in updated if line not in original]
    assert added == [f"  - {number}. {NEW}: {SLUG}.md"]
    assert [line for line in updated if line not in added] == original


def test_titles_that_need_quoting_stay_valid_yaml(book: Path) -> None:
    """A title with ': ' or ' #' is quoted in the nav and the front matter, not mangled."""
    number = _next_number(book)
    assert _scaffold(book, NEW).returncode == 0
    assert _scaffold(book, "Queues: part #2").returncode == 0
    nav = _nav(book)
    assert {f"{number + 1}. Queues: part #2": "queues-part-2.md"} in nav
    text = (book / "content" / "queues-part-2.md").read_text(encoding="utf-8")
    assert read_front_matter("queues-part-2.md", text).data["title"] == "Queues: part #2"  # type: ignore[index]
    assert f"Previous: [{NEW}]({SLUG}.md)" in text
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
