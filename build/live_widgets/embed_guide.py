"""```widget-reference blocks: a widget's embed reference, generated from its declaration.

    ```widget-reference
    widget: cache-hit-rate
    ```

`widget: all` documents every widget the registry knows, in registry order, each
under its own heading. For each widget the block renders a table of its URL
parameters (name, type, range or choices, default, unit, help), a live preview of
its embed page, and the iframe snippet a course author copies. Everything comes
from the declaration, so the guide can never drift from the widgets.
"""

from __future__ import annotations

import ipaddress
from html import escape
from urllib.parse import urlencode, urljoin, urlsplit

from live_widgets.blocks import Block, parse_mapping
from live_widgets.core import ChoiceParam, NumberParam, Param, ParamError, WidgetSpec
from live_widgets.core.format import plain_number
from live_widgets.core.registry import Registry, UnknownWidget
from live_widgets.errors import BookError
from live_widgets.site_paths import embed_page
from live_widgets.widget_blocks import relative

ALL = "all"
HEIGHT_MESSAGE = "live-widgets:height"  # what embed pages post to their parent
SNIPPET_HEIGHT = 900  # px, before the first height message arrives
_KEYS = {"widget"}
# Where the snippet points when the build has no public site_url; on the built page,
# guide.js replaces it with the address the reader has the book at.
FALLBACK_SITE_URL = "https://example.org/scaling-book/"


def public_site_url(site_url: str | None) -> str | None:
    """`site_url` if it is an address others can reach; None for none, or for the
    build machine's own (localhost, 127.0.0.1, ::1, 0.0.0.0, link-local), which a
    course page must never point at."""
    if not site_url:
        return None
    host = (urlsplit(site_url).hostname or "").lower()
    if not host or host == "localhost" or host.endswith(".localhost"):
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return site_url
    if address.is_loopback or address.is_unspecified or address.is_link_local:
        return None
    return site_url


def reference_specs(block: Block, path: str, registry: Registry) -> tuple[WidgetSpec, ...]:
    """The widgets a block documents, or a BookError naming the file and line."""
    data = parse_mapping(block, path)
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise BookError(
            path,
            f"widget-reference block: unknown key(s) {', '.join(unknown)}; use widget",
            block.line,
        )
    name = data.get("widget")
    if not isinstance(name, str) or not name.strip():
        raise BookError(
            path, f"widget-reference block needs 'widget: <name>' (or 'widget: {ALL}')", block.line
        )
    if name.strip() == ALL:
        return registry.specs
    try:
        return (registry.get(name.strip()),)
    except UnknownWidget as error:
        raise BookError(path, f"widget-reference block: {error}", block.line) from None


def iframe_snippet(url: str, title: str) -> str:
    """The iframe and its resize listener: the same text the widgets' Share button gives
    (content/assets/js/widgets/share.js, `iframeSnippet`)."""
    safe_title = "".join(f"&#{ord(c)};" if c in '&<>"' else c for c in title)
    return "\n".join(
        [
            f'<iframe src="{url}" title="{safe_title}" width="100%" height="{SNIPPET_HEIGHT}" '
            'loading="lazy" style="border:0;max-width:100%"></iframe>',
            '<script>addEventListener("message",function(e){var d=e.data;'
            f'if(d&&d.type==="{HEIGHT_MESSAGE}")'
            '{for(const f of document.querySelectorAll("iframe"))'
            '{if(f.contentWindow===e.source){f.style.height=d.height+"px";}}}});</script>',
        ]
    )


def param_type(param: Param) -> str:
    if isinstance(param, ChoiceParam):
        return "choice"
    kind = "whole number" if param.integer else "number"
    return f"{kind}, log scale" if param.scale == "log" else kind


def param_values(param: Param) -> str:
    """Range or choices, as HTML."""
    if isinstance(param, NumberParam):
        return f"{escape(plain_number(param.minimum))} to {escape(plain_number(param.maximum))}"
    # A line break *and* a newline: the text (search index, copy, screen readers) keeps
    # the choices apart, not only the rendering.
    return "<br>\n".join(
        f"<code>{escape(choice.value)}</code> ({escape(choice.label)})" for choice in param.choices
    )


def param_default(param: Param) -> str:
    if isinstance(param, NumberParam):
        return escape(plain_number(param.default))
    return f"<code>{escape(param.default)}</code>"


COLUMNS = ("Parameter", "Type", "Range or choices", "Default", "Unit", "What it sets")


def parameter_table(spec: WidgetSpec) -> str:
    """Every URL parameter of the widget, from its declaration (one HTML table).

    Each cell is on a line of its own: without whitespace between them, the page's text
    (what search indexes, what a copy gives, what some screen readers read) runs
    neighbouring cells together ("10,000keys"). The table sits in a labelled region that
    scrolls sideways on a narrow screen instead of squeezing its columns.
    """
    rows = "\n".join(
        "<tr>\n"
        + "\n".join(
            f"<td>{cell}</td>"
            for cell in (
                f"<code>{escape(p.name)}</code>",
                escape(param_type(p)),
                param_values(p),
                param_default(p),
                escape(p.unit) if p.unit else "&ndash;",
                escape(p.help or p.label),
            )
        )
        + "\n</tr>"
        for p in spec.params
    )
    head = "\n".join(f'<th scope="col">{name}</th>' for name in COLUMNS)
    return (
        f'<div class="w-param-scroll" role="region" tabindex="0" '
        f'aria-label="URL parameters of {escape(spec.title)}">\n'
        f'<table class="w-param-table" data-widget-reference="{escape(spec.name)}">\n'
        f"<thead>\n<tr>\n{head}\n</tr>\n</thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</div>"
    )


def example_query(spec: WidgetSpec) -> str | None:
    """A valid query string that changes one parameter to a round, modest value."""
    for param in spec.params:
        if isinstance(param, NumberParam):
            default = param.default or 1
            candidates: list[float | str] = [default * 2, default * 10, default / 2]
        else:
            candidates = [v for v in param.values if v != param.default]
        for value in candidates:
            shown = value if isinstance(value, str) else plain_number(value).replace(",", "")
            try:
                if spec.validate({param.name: shown})[param.name] == param.default:
                    continue
            except ParamError:
                continue
            return urlencode({param.name: shown})
    return None


def widget_reference(
    spec: WidgetSpec, page_url: str, site_url: str | None, embed_dir: str | None = "embed"
) -> str:
    """The Markdown (with raw HTML) documenting one widget for course authors."""
    here = embed_page(spec.name, embed_dir or "embed")
    preview = relative(page_url, here)
    known = public_site_url(site_url)
    public = urljoin(known or FALLBACK_SITE_URL, here)
    # Without a public address, guide.js puts the reader's own in place of the placeholder.
    rewrite = (
        ""
        if known
        else f'<span hidden data-site-root="{escape(relative(page_url, "") or "./")}" '
        f'data-placeholder="{escape(FALLBACK_SITE_URL)}"></span>'
    )
    example = example_query(spec)
    example_text = (
        f" For example, <code>{escape(here)}?{escape(example)}</code> "
        "opens it with that one value changed."
        if example
        else ""
    )
    return "\n\n".join(
        [
            f"### {spec.title} {{#{spec.name}}}",
            f"<p>{escape(spec.summary)} Its embed page is "
            f'<a href="{escape(preview)}"><code>{escape(here)}</code></a>.'
            f"{example_text}</p>",
            parameter_table(spec),
            f'<figure class="w-embed-preview">\n'
            f'<iframe src="{escape(preview)}" title="Live preview: {escape(spec.title)}" '
            f'loading="lazy" width="100%" height="{SNIPPET_HEIGHT}" '
            'style="border:0;max-width:100%"></iframe>\n'
            f"<figcaption>Live preview of the {escape(spec.title)} embed page with its "
            "default settings.</figcaption>\n</figure>",
            f"The snippet to paste into your course page (in its HTML mode):{rewrite}",
            f"```html\n{iframe_snippet(public, spec.title)}\n```",
        ]
    )
