"""The contribution checks (build/check_book.py): each rule's message, on a fixture that
breaks exactly that rule, and the real book passing them all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from book_authoring.checks import Book, Problem, anchors, check_book, check_root, page_role
from widgets import ParamError, all_specs, get_spec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "contrib"
KNOWN = ", ".join(sorted(spec.name for spec in all_specs()))


def _param_error(widget: str, params: dict[str, object]) -> str:
    """The widget's own wording for a bad parameter (the widgets own that text)."""
    with pytest.raises(ParamError) as error:
        get_spec(widget).validate(params)
    return str(error.value)


ADVICE = "the book serves every file itself: put it in content/assets/ and link it relatively"

# Each fixture in tests/fixtures/contrib breaks one rule; this is everything it must report.
EXPECTED: dict[str, list[str]] = {
    "valid": [],
    "front-matter-missing": [
        "content/first.md:1: no front matter: start the file with a '---' line, "
        "then title, description and chapter, then '---'"
    ],
    "front-matter-unclosed": [
        "content/first.md:1: front matter is never closed: add a '---' line after its last key"
    ],
    "front-matter-invalid-yaml": [
        "content/first.md:2: front matter is not valid YAML (mapping values are not allowed "
        "here); put a value that contains ': ' in double quotes"
    ],
    "front-matter-not-a-mapping": [
        "content/first.md:1: front matter must be 'key: value' lines (title, description, chapter)"
    ],
    "front-matter-unknown-key": [
        "content/first.md:5: front matter: unknown key 'tags' "
        "(allowed: title, description, chapter)"
    ],
    "front-matter-missing-key": [
        "content/first.md:1: front matter: missing required key 'description'"
    ],
    "front-matter-not-text": ["content/first.md:2: front matter: 'title' must be text, got 42"],
    "front-matter-description-too-long": [
        "content/first.md:3: front matter: description is 194 characters; keep it to 160 or fewer"
    ],
    "front-matter-chapter-not-a-number": [
        "content/first.md:4: front matter: 'chapter' must be a whole number, got 'one'"
    ],
    "front-matter-index-not-chapter-0": [
        "content/index.md:4: front matter: index.md is the introduction, chapter 0, not 1"
    ],
    "front-matter-chapter-out-of-range": [
        "content/glossary.md:4: front matter: chapter 120 is out of range: use 1 to 99 "
        "(0 is the introduction, index.md)"
    ],
    "citations-uncited": ["content/references.md:10: 'Orphan' is cited by no chapter"],
    "citations-wrong-page": [
        "content/references.md:9: 'Caching' says it is cited in glossary.md, which does not link it"
    ],
    "citations-source-missing": [
        "content/glossary.md:15: 'https://example.org/queues' is not in references.md: add an "
        "entry (title, author, date) citing glossary.md"
    ],
    "citations-page-not-cited-in": [
        "content/glossary.md:15: references.md's 'Caching' does not list glossary.md in 'Cited in'"
    ],
    "sections-missing": [
        "content/first.md:16: chapter is missing the '## The cause' section "
        "(after '## The symptom')"
    ],
    "sections-out-of-order": [
        "content/first.md:25: '## The cause' is out of order: it must come before "
        "'## The move' (line 16)"
    ],
    "sections-duplicate": [
        "content/first.md:33: '## The trade-off' appears twice (first at line 29); "
        "each required section appears once"
    ],
    "sections-too-few-questions": [
        "content/first.md:37: '## Check yourself' has 4 '??? question' blocks; "
        "a chapter needs at least 5"
    ],
    "sections-new-chapter": [
        "content/later.md:55: chapter is missing the '## Further reading' section "
        "(after '## Check yourself')"
    ],
    "links-missing-page": [
        "content/first.md:12: link to 'second.md': there is no page content/second.md"
    ],
    "links-missing-anchor": [
        "content/first.md:12: link to 'glossary.md#cache-miss': content/glossary.md has "
        "no heading or {#id} for '#cache-miss'"
    ],
    "links-missing-anchor-on-same-page": [
        "content/first.md:12: link to '#the-fix': content/first.md has no heading or "
        "{#id} for '#the-fix'"
    ],
    "links-root-absolute": [
        "content/first.md:12: link '/glossary/' is root-absolute and breaks when the site "
        "is served under a sub-path; link to the page's .md file with a relative path"
    ],
    "diagram-missing-file": [
        "content/first.md:29: diagram file diagrams/no-such-diagram.mmd does not exist"
    ],
    "diagram-unused": [
        "diagrams/orphan.mmd:1: diagram is not used: no ```diagram block has "
        "'file: orphan'; include it in a chapter or delete it"
    ],
    "diagram-block-without-file": [
        "content/first.md:29: diagram block needs 'file: <name in diagrams/>'"
    ],
    "diagram-block-without-caption": [
        "content/first.md:29: diagram 'fixture-flow' needs a 'caption' saying what it shows"
    ],
    "diagram-block-unknown-key": [
        "content/first.md:29: diagram block: unknown key(s) colour; use file and caption"
    ],
    "block-invalid-yaml": [
        "content/first.md:31: the ```diagram block is not valid YAML (mapping values are "
        "not allowed here); put a value that contains ': ' or starts with a quote in "
        "double quotes"
    ],
    "block-never-closed": ["content/glossary.md:13: the ```diagram block is never closed"],
    "widget-unknown": [
        f"content/first.md:30: widget block: no widget named `no-such-widget` (known: {KNOWN})"
    ],
    "widget-unknown-parameter": [
        "content/first.md:31: widget `cache-hit-rate`: unknown parameter `colour`"
        " (known: cache_size, hit_ms, keys, miss_ms, policy, predict, read_rps, skew, ttl_s, widget)"
    ],
    "widget-bad-value": [
        "content/first.md:31: widget `cache-hit-rate`: parameter "
        + _param_error("cache-hit-rate", {"skew": 7})
    ],
    "widget-without-name": ["content/first.md:29: widget block needs 'widget: <name>'"],
    "widget-reference-unknown": [
        "content/glossary.md:13: widget-reference block: no widget named `no-such-widget` "
        f"(known: {KNOWN})"
    ],
    "widget-reference-unknown-key": [
        "content/glossary.md:13: widget-reference block: unknown key(s) height; use widget"
    ],
    "widget-reference-without-name": [
        "content/glossary.md:13: widget-reference block needs 'widget: <name>' (or 'widget: all')"
    ],
    "widget-unplaced": [
        "widgets/reshard/spec.py:4: widget `reshard` is in no chapter: put a ```widget block "
        "for it in the chapter it belongs to (CONTRIBUTING.md, 'Place a widget')"
    ],
    "widget-placeholder-left": [
        "widgets/demo/spec.py:5: placeholder from the widget template, replace it: "
        "'summary=\"Replace with one sentence on the question this widget answers.\",'"
    ],
    "placeholder-left": [
        "content/first.md:11: placeholder from the chapter template, replace it: "
        "'- **Monthly cost:** what the whole system costs a month at this stage'",
        "content/first.md:34: placeholder from the chapter template, replace it: "
        "'Describe what the move costs and what can now go wrong.'",
    ],
    "remote-tag": [
        f"content/first.md:12: remote asset: <img> loads https://example.org/chart.png; {ADVICE}"
    ],
    "glossary-out-of-order": [
        "content/glossary.md:17: glossary term 'Time to live' comes after 'Write-through'; "
        "keep the terms in alphabetical order"
    ],
    "remote-image": [f"content/first.md:12: remote image https://example.org/chart.png; {ADVICE}"],
    "remote-reference-image": [
        f"content/first.md:12: remote image https://example.org/chart.png; {ADVICE}"
    ],
}


def test_every_fixture_has_its_expected_messages() -> None:
    """No fixture folder goes untested, and no expectation points at a missing folder."""
    folders = {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    assert folders == set(EXPECTED)


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_fixture_yields_exactly_its_message(fixture: str) -> None:
    """Each rule reports its own `path:line: message`, and only that, on a tree that
    breaks just that rule (so each message is proved, and no rule fires by mistake)."""
    problems = [str(problem) for problem in check_root(FIXTURES / fixture)]
    assert problems == EXPECTED[fixture]


def test_cli_prints_problems_and_exits_1() -> None:
    """`check_book.py` prints each problem as path:line: message and fails the run."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "book_authoring.check_book",
            "--root",
            str(FIXTURES / "links-missing-page"),
        ],
        capture_output=True,
        text=True,
        cwd=FIXTURES.parents[2],
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == EXPECTED["links-missing-page"]


def test_cli_passes_a_clean_tree() -> None:
    """A tree with no problems exits 0 and prints no problem lines."""
    result = subprocess.run(
        [sys.executable, "-m", "book_authoring.check_book", "--root", str(FIXTURES / "valid")],
        capture_output=True,
        text=True,
        cwd=FIXTURES.parents[2],
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_the_book_passes_every_contribution_check(repo_root: Path) -> None:
    """The real book has no problem that a contributor's pull request would be refused for."""
    problems = [str(problem) for problem in check_root(repo_root)]
    assert problems == []


@pytest.mark.parametrize(
    ("name", "chapter", "sections", "role"),
    [
        ("index.md", 0, [], "introduction"),
        ("caching.md", 7, [], "chapter"),
        ("rate-limiting.md", 16, ["The symptom"], "chapter"),
        ("glossary.md", 16, ["Cache hit rate"], "appendix"),
        ("embed-guide.md", 18, [], "appendix"),
    ],
)
def test_page_role(name: str, chapter: int, sections: list[str], role: str) -> None:
    """Chapters are pages numbered 1-15 or with '## The symptom'; others are appendix pages."""
    assert page_role(name, chapter, sections) == role


def test_anchors_follow_toc_ids() -> None:
    """Anchors match MkDocs' toc ids: rendered text slugified, duplicates suffixed, {#id} kept."""
    text = (
        "# Title\n\n## The `Cache-Control` header\n\n### 1. Clarify\n\n## Twice\n\n## Twice\n\n"
        "## Custom {#my-id}\n\n```python\n## not a heading\n```\n\nA paragraph.\n{: #para }\n"
    )
    assert anchors(text) == {
        "title",
        "the-cache-control-header",
        "1-clarify",
        "twice",
        "twice_1",
        "my-id",
        "para",
    }


def test_links_inside_code_and_comments_are_not_checked() -> None:
    """Example links in code blocks, inline code and HTML comments are not the page's links."""
    page = (
        "---\ntitle: T\ndescription: D\nchapter: 16\n---\n\n# T\n\n"
        "`[x](missing.md)`\n\n<!-- [y](gone.md) -->\n\n```markdown\n[z](nowhere.md)\n```\n"
    )
    assert check_book(Book({"page.md": page})) == []


def test_problem_prints_as_path_line_message() -> None:
    """Editors and CI annotate `path:line: message`; the format must not change by accident."""
    assert str(Problem("content/a.md", 3, "oops")) == "content/a.md:3: oops"
