"""```widget blocks: place a live widget in a chapter.

    ```widget
    widget: cache-hit-rate
    cache_size: 5000
    ```

The block is checked against the widget's declaration (unknown widget, unknown
parameter, wrong type, out of range: the build fails naming file, line and widget)
and replaced by the widget's HTML with outputs computed now by the CPython model.
"""

from __future__ import annotations

import posixpath

from bookgen.blocks import Block, parse_mapping, replace_blocks
from bookgen.errors import BookError
from bookgen.site_paths import embed_page, model_source
from bookgen.widget_html import WidgetLinks, render_widget
from widgets import ParamError, WidgetSpec, get_spec
from widgets.core import Params


def render_widget_blocks(markdown: str, path: str, page_url: str) -> tuple[str, list[str]]:
    """Replace every ```widget block; returns the Markdown and the widget names placed.

    `page_url` is the page's site-relative URL (e.g. "caching/"), used for relative links.
    """
    placed: list[str] = []

    def render(block: Block) -> str:
        spec, params = read_widget_block(block, path)
        name = spec.name
        placed.append(name)
        links = WidgetLinks(
            embed=relative(page_url, embed_page(name)),
            sources=tuple(
                (module, relative(page_url, model_source(module))) for module in spec.model_modules
            ),
        )
        return render_widget(spec, params, f"w{block.index + 1}", links)

    text, _ = replace_blocks(markdown, "widget", path, render)
    return text, placed


def read_widget_block(block: Block, path: str) -> tuple[WidgetSpec, Params]:
    """The block's widget and its validated parameters, or a BookError naming file and line.

    Shared by the build and `build/check_book.py`, so both say the same thing.
    """
    data = parse_mapping(block, path)
    name = data.pop("widget", None)
    if not isinstance(name, str):
        raise BookError(path, "widget block needs 'widget: <name>'", block.line)
    try:
        spec = get_spec(name)
    except KeyError as error:
        raise BookError(path, f"widget block: {error.args[0]}", block.line) from None
    try:
        params = spec.validate(data)
    except ParamError as error:
        raise BookError(path, f"widget '{name}': parameter {error}", block.line) from None
    return spec, params


def relative(page_url: str, target: str) -> str:
    """A link from the page at `page_url` (directory URLs) to the site path `target`.

    >>> relative("caching/", "embed/reshard/"), relative("", "a.js"), relative("embed/x/", "")
    ('../embed/reshard/', 'a.js', '../../')
    """
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if (not target or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel
