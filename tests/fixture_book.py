"""A one-page MkDocs project that uses the book's real plugin and widgets, for tests of
build errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def build_fixture(
    repo_root: Path, tmp_path: Path, name: str, page: str
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of index.md plus `docs/<name>` holding `page`."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    (docs / name).write_text(page)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: fixture\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
        f"theme:\n  name: material\n  font: false\n  custom_dir: {repo_root / 'build/theme'}\n"
        "plugins:\n  - mermaid2:\n      javascript: assets/vendor/mermaid/mermaid.esm.min.mjs\n"
        f"  - live-widgets:\n      widgets: {repo_root / 'widgets'}\n"
        f"      diagrams: {repo_root / 'diagrams'}\n"
        f"      pyodide: {repo_root / 'node_modules/pyodide'}\n      snapshot: false\n"
        f"      cache_dir: {repo_root / '.cache/live-widgets'}\n"
        "markdown_extensions:\n  - md_in_html\n"
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        cwd=repo_root,
        check=False,
        env=os.environ,
    )
