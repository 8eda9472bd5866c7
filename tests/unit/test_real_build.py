"""A real `mkdocs build` with our hooks: broken chapters fail naming the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _build(repo_root: Path, tmp_path: Path, chapter: str) -> subprocess.CompletedProcess[str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    (docs / "broken-chapter.md").write_text(chapter)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: fixture\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
        f"theme:\n  name: material\n  font: false\n  custom_dir: {repo_root / 'build/theme'}\n"
        f"hooks:\n  - {repo_root / 'build/hooks.py'}\n"
        "plugins:\n  - mermaid2:\n      javascript: assets/vendor/mermaid/mermaid.esm.min.mjs\n"
        "markdown_extensions:\n  - md_in_html\n"
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        cwd=repo_root,
        check=False,
    )


@pytest.mark.parametrize(
    ("chapter", "message"),
    [
        (
            "# C\n\n```diagram\nfile: no-such-diagram\ncaption: x\n```\n",
            "docs/broken-chapter.md:3: diagram file diagrams/no-such-diagram.mmd does not exist",
        ),
        (
            "# C\n\n```widget\nwidget: no-such-widget\n```\n",
            "docs/broken-chapter.md:3: widget block: no widget named 'no-such-widget'",
        ),
        (
            "# C\n\n\n```widget\nwidget: cache-hit-rate\nskew: 7\n```\n",
            "docs/broken-chapter.md:4: widget 'cache-hit-rate': parameter skew: must be from 0 to 2",
        ),
        (
            "# C\n\n```widget\nwidget: reshard\nshards: 3\n```\n",
            "docs/broken-chapter.md:3: widget 'reshard': parameter shards: is not a parameter of reshard",
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
