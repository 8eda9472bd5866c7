"""The embed page's look parameters are declared once (embed_look.py): the page carries
the declaration, in order, and the guide an instructor reads names every value."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from live_widgets.embed import render_embed_page
from live_widgets.embed_look import LOOKS, LookParam, looks_json
from widgets import get_spec

GUIDE = Path(__file__).resolve().parents[2] / "content" / "embed-guide.md"


class _HtmlAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.found = dict(attrs)


def test_the_embed_page_carries_the_declaration_in_order() -> None:
    """The early script and url-state.js read <html data-looks>: it must hold every look
    and value, in the declared order (the notice lists them that way)."""
    page = render_embed_page(
        get_spec("cache-hit-rate"), book_page="caching/", runtime_dir="assets/w", title="Book"
    )
    parser = _HtmlAttributes()
    parser.feed(page)
    carried = json.loads(parser.found["data-looks"] or "")
    assert carried == [[look.name, [[v, s] for v, s in look.sets.items()]] for look in LOOKS]
    assert json.loads(looks_json()) == carried


def test_the_guide_names_every_look_value() -> None:
    """A value the page accepts but the guide never mentions is one no instructor uses."""
    guide = GUIDE.read_text(encoding="utf-8")
    for look in LOOKS:
        for value in look.sets:
            assert f"`{look.name}={value}`" in guide, f"{look.name}={value}"


def test_a_look_parameter_must_accept_a_value() -> None:
    """A look with nothing to choose is a declaration mistake, caught when it is made."""
    with pytest.raises(ValueError, match="accepts no value"):
        LookParam("size", {})
