"""A real `mkdocs build` with our hooks: broken chapters fail naming the file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.fixture_book import build_fixture


def _build(repo_root: Path, tmp_path: Path, chapter: str) -> subprocess.CompletedProcess[str]:
    return build_fixture(repo_root, tmp_path, "broken-chapter.md", chapter)


@pytest.mark.parametrize(
    ("chapter", "message"),
    [
        (
            "# C\n\n```diagram\nfile: no-such-diagram\ncaption: x\n```\n",
            "docs/broken-chapter.md:3: diagram file diagrams/no-such-diagram.mmd does not exist",
        ),
        (
            "# C\n\n```widget\nwidget: no-such-widget\n```\n",
            "docs/broken-chapter.md:4: widget block: no widget named `no-such-widget`",
        ),
        (
            "# C\n\n\n```widget\nwidget: cache-hit-rate\nskew: 7\n```\n",
            "docs/broken-chapter.md:6: widget `cache-hit-rate`: parameter skew: must be from 0 to 2",
        ),
        (
            "# C\n\n```widget\nwidget: reshard\nshards: 3\n```\n",
            "docs/broken-chapter.md:5: widget `reshard`: unknown parameter `shards`; "
            "did you mean `to_shards`?",
        ),
    ],
)
def test_broken_chapter_fails_the_build_naming_it(
    repo_root: Path, tmp_path: Path, chapter: str, message: str
) -> None:
    """Authors see which file and line to fix, and what is wrong, in mkdocs's output."""
    result = _build(repo_root, tmp_path, chapter)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_good_chapter_builds(repo_root: Path, tmp_path: Path) -> None:
    """The same fixture with a valid widget builds, embedding static outputs."""
    result = _build(repo_root, tmp_path, "# C\n\n```widget\nwidget: cache-hit-rate\n```\n")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "broken-chapter" / "index.html").read_text()
    assert 'data-widget="cache-hit-rate"' in html
    assert 'data-output="hit_rate" data-value="0.' in html
