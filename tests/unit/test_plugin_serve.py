"""`mkdocs serve` in a course author's site rebuilds when a widget's Python changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from mkdocs.config import load_config

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "course_site"


class _Server:
    """Stands in for MkDocs' LiveReloadServer: records what it is asked to watch."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_widget_folder(tmp_path: Path) -> None:
    """MkDocs watches only docs/ and mkdocs.yml: the plugin adds the widgets folder
    (and the diagrams folder when there is one), so an edit to a model rebuilds."""
    (tmp_path / "figures").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    text = (COURSE / "mkdocs.yml").read_text(encoding="utf-8")
    config_file.write_text(
        text.replace("widgets: course_widgets", f"widgets: {COURSE / 'course_widgets'}").replace(
            "docs_dir: docs", f"docs_dir: {COURSE / 'docs'}"
        )
        + "\n"
    )
    config = load_config(str(config_file))
    plugin = cast(Any, config.plugins["live-widgets"])
    plugin.config.diagrams = "figures"  # a folder beside mkdocs.yml
    server = _Server()
    assert plugin.on_serve(server, config=config, builder=lambda: None) is server
    assert server.watched == [str(COURSE / "course_widgets"), str(tmp_path / "figures")]
