"""Embed pages link back to the chapter that really places the widget."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

from bookgen.mkdocs_events import widget_hosts


def _files(docs: Path, pages: dict[str, str]) -> Files:
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    return Files([File(name, str(docs), str(docs / "site"), True) for name in pages])


def test_only_real_widget_blocks_make_a_host(tmp_path: Path) -> None:
    """Prose or an example that says 'widget: reshard' does not host it; the block does.
    A broken block elsewhere is left for the page build to report."""
    pages = {
        "a-guide.md": "Write `widget: reshard` in a block.\n\n```yaml\nwidget: reshard\n```\n",
        "b-broken.md": "```widget\nwidget: [unclosed\n```\n\n```widget\nwidget: cost-ladder\n",
        "c-sharding.md": "# Sharding\n\n```widget\nwidget: reshard\nvnodes: 10\n```\n",
        "d-again.md": "```widget\nwidget: reshard\n```\n",
    }
    hosts = widget_hosts(_files(tmp_path, pages))
    assert hosts == {"reshard": "c-sharding/"}
