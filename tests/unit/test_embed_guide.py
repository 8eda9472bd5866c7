"""```widget-reference blocks: the embed guide's per-widget reference, generated from the
widgets' declarations, and build errors that name the file and the line an author sees."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from live_widgets.core import ChoiceParam
from live_widgets.embed_guide import iframe_snippet, parameter_table
from live_widgets.errors import BookError
from live_widgets.generator import body_offset
from tests.book_generator import expand
from tests.fixture_book import build_fixture
from widgets import all_specs

SITE = "https://teacher.example.edu/scaling/"


def _render(body: str, page_url: str = "embed-guide/") -> str:
    return expand(
        f"# Guide\n\n```widget-reference\n{body}\n```\n",
        "content/embed-guide.md",
        page_url,
        site_url=SITE,
    )


def test_unknown_widget_fails_naming_file_and_line() -> None:
    """A misspelt widget name stops the build at the block, like ```widget blocks do,
    and suggests the nearest name."""
    with pytest.raises(BookError) as error:
        _render("widget: cache-hit-ratio")
    assert str(error.value) == (
        "content/embed-guide.md:3: widget-reference block: no widget named "
        "`cache-hit-ratio`; did you mean `cache-hit-rate`?"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "widget-reference block needs 'widget: <name>' (or 'widget: all')"),
        ("widget: all\nheight: 300", "widget-reference block: unknown key(s) height; use widget"),
    ],
)
def test_block_mistakes_are_explained(body: str, message: str) -> None:
    """An empty block or an unknown key is reported with the block's line."""
    with pytest.raises(BookError) as error:
        _render(body)
    assert str(error.value) == f"content/embed-guide.md:3: {message}"


def test_all_documents_every_parameter_of_every_widget() -> None:
    """`widget: all` lists each widget, and each of its parameters with range or choices,
    default, unit and help, so the guide cannot fall behind the declarations."""
    text = _render("widget: all")
    for spec in all_specs():
        assert f"### {spec.title} {{#{spec.name}}}" in text
        table = re.search(
            rf'<table class="w-param-table" data-widget-reference="{spec.name}">(.*?)</table>',
            text,
            re.S,
        )
        assert table, spec.name
        rows = re.findall(r"<tr>\s*<td><code>([^<]+)</code></td>", table.group(1))
        assert rows == [param.name for param in spec.params]
        for param in spec.params:
            if isinstance(param, ChoiceParam):
                for choice in param.choices:
                    assert f"<code>{choice.value}</code>" in table.group(1)


def test_preview_is_a_relative_lazy_titled_iframe() -> None:
    """The live preview frames the embed page relatively (works under any sub-path),
    lazily, and with a title for screen readers."""
    text = _render("widget: reshard")
    assert re.search(
        r'<iframe src="\.\./embed/reshard/" title="Live preview: [^"]+" loading="lazy"', text
    )


def test_snippet_uses_the_published_address_in_a_copyable_code_block() -> None:
    """The snippet points at site_url's embed page and sits in a fenced code block
    (Material gives those a copy button)."""
    text = _render("widget: reshard")
    title = next(s.title for s in all_specs() if s.name == "reshard")
    snippet = iframe_snippet(f"{SITE}embed/reshard/", title)
    assert f"```html\n{snippet}\n```" in text


def test_snippet_matches_the_share_button(repo_root: Path) -> None:
    """The guide's snippet is, character for character, what a widget's Share button gives."""
    share = (repo_root / "build/live_widgets/assets/js/share.js").read_text(encoding="utf-8")
    message = re.search(r'const HEIGHT_MESSAGE = "([^"]+)";', share)
    lines = re.findall(r"^\s*`(<(?:iframe|script).*)`,$", share, re.M)
    assert message and len(lines) == 2
    expected = "\n".join(lines)
    expected = expected.replace("${url}", "URL").replace("${safeTitle}", "A &#38; B")
    expected = expected.replace("${HEIGHT_MESSAGE}", message.group(1))
    assert iframe_snippet("URL", "A & B") == expected


def test_body_offset_counts_front_matter_lines() -> None:
    """MkDocs strips front matter (and the blank lines after it) before our hook runs."""
    source = "---\ntitle: T\n---\n\n# T\n\n```widget\n```\n"
    assert body_offset(source, "# T\n\n```widget\n```\n") == 4
    assert body_offset(source, "something else") == 0


def test_build_error_lines_count_front_matter_and_earlier_blocks(
    repo_root: Path, tmp_path: Path
) -> None:
    """A real build reports the block's line in the file, even after front matter and a
    diagram block (whose HTML has a different number of lines)."""
    page = (
        "---\ntitle: Guide\ndescription: d\nchapter: 18\n---\n\n# Guide\n\n"
        "```diagram\nfile: single-box\ncaption: One box.\n```\n\n"
        "```widget-reference\nwidget: no-such-widget\n```\n"
    )
    line = page.split("\n").index("```widget-reference") + 1
    result = build_fixture(repo_root, tmp_path, "guide.md", page)
    assert result.returncode != 0
    assert f"docs/guide.md:{line}: widget-reference block: no widget named" in result.stderr


@pytest.mark.parametrize(
    "site_url",
    [
        None,
        "http://127.0.0.1:8765/",
        "http://localhost:8000/book/",
        "http://[::1]:8000/",
        "http://0.0.0.0:8000/",
        "http://book.localhost/",
    ],
)
def test_snippet_never_points_at_the_build_machine(site_url: str | None) -> None:
    """Built without a public address (or with the build machine's own), the snippet
    carries a placeholder that guide.js turns into the reader's own address; no
    loopback address ever reaches the page."""
    text = expand(
        "# Guide\n\n```widget-reference\nwidget: reshard\n```\n",
        "content/embed-guide.md",
        "embed-guide/",
        site_url=site_url,
    )
    for address in ("127.0.0.1", "localhost", "[::1]", "0.0.0.0"):
        assert address not in text
    assert 'data-site-root="../" data-placeholder="https://example.org/scaling-book/"' in text
    assert '<iframe src="https://example.org/scaling-book/embed/reshard/"' in text


def test_public_site_url_is_used_without_a_placeholder() -> None:
    """With a public site_url the snippet uses it as it is, and nothing is rewritten."""
    text = _render("widget: reshard")
    assert f'<iframe src="{SITE}embed/reshard/"' in text
    assert "data-placeholder" not in text


# Elements whose end, in a browser's text of the page, must not glue two words together.
_SEPARATE = {"td", "th", "tr", "br", "thead", "tbody", "table", "li", "p", "div"}


class _TextRuns(HTMLParser):
    """The page's text as a browser's `textContent` gives it, recording each place where
    a cell, row or line ends with no whitespace between the text before and after it."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.boundaries: list[int] = []  # offsets in `text` where a separating tag was

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SEPARATE:
            self.boundaries.append(len(self.text))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SEPARATE:
            self.boundaries.append(len(self.text))

    def handle_data(self, data: str) -> None:
        self.text += data


def run_together(html: str) -> list[str]:
    """Every place where the text of two cells (or two lines of one cell) touches."""
    parser = _TextRuns()
    parser.feed(html)
    parser.close()
    text = parser.text
    glued = []
    for at in sorted(set(parser.boundaries)):
        before, after = text[:at], text[at:]
        if before and after and not before[-1].isspace() and not after[0].isspace():
            glued.append(f"{before[-12:]}|{after[:12]}")
    return glued


def test_run_together_detects_cells_without_whitespace() -> None:
    """The check itself: cells written back to back are caught ("100,000keys")."""
    assert run_together("<table><tr><td>100,000</td><td>keys</td></tr></table>") == ["100,000|keys"]
    assert run_together("<td>a</td>\n<td>b</td>") == []


def test_parameter_tables_keep_every_cell_apart() -> None:
    """The guide's tables read as separate words in the page's text (search, copy, screen
    readers), not "10,000keys" or "reads/sAll reads": a cell, a row and each choice of a
    menu end in whitespace."""
    for spec in all_specs():
        table = parameter_table(spec)
        assert run_together(table) == [], spec.name


def test_parameter_table_is_a_labelled_scrolling_region_with_column_headers() -> None:
    """On a phone the table scrolls inside a region a keyboard can reach and a screen
    reader names; its headers are column headers."""
    for spec in all_specs():
        table = parameter_table(spec)
        assert table.startswith(
            f'<div class="w-param-scroll" role="region" tabindex="0" '
            f'aria-label="URL parameters of {spec.title}">'
        )
        assert table.count('<th scope="col">') == 6
