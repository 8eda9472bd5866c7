"""Embed pages link back to the chapter that really places the widget."""

from __future__ import annotations

from live_widgets.generator import PageSource
from tests.book_generator import book_generator


def widget_hosts(pages: dict[str, str]) -> dict[str, str]:
    sources = [
        PageSource(name, name.removesuffix(".md") + "/", text) for name, text in pages.items()
    ]
    return book_generator().widget_hosts(sources)


def test_only_real_widget_blocks_make_a_host() -> None:
    """Prose or an example that says 'widget: reshard' does not host it; the block does.
    A broken block elsewhere is left for the page build to report."""
    pages = {
        "a-guide.md": "Write `widget: reshard` in a block.\n\n```yaml\nwidget: reshard\n```\n",
        "b-broken.md": "```widget\nwidget: [unclosed\n```\n\n```widget\nwidget: cost-ladder\n",
        "c-sharding.md": "# Sharding\n\n```widget\nwidget: reshard\nvnodes: 10\n```\n",
        "d-again.md": "```widget\nwidget: reshard\n```\n",
    }
    hosts = widget_hosts(pages)
    assert hosts == {"reshard": "c-sharding/"}
