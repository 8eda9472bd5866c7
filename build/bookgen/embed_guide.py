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

from html import escape
from urllib.parse import urlencode, urljoin

from bookgen.blocks import Block, parse_mapping, replace_blocks
from bookgen.errors import BookError
from bookgen.site_paths import embed_page
from bookgen.widget_blocks import relative
from widgets import ParamError, WidgetSpec, all_specs, get_spec
from widgets.core import ChoiceParam, NumberParam, Param
from widgets.core.format import plain_number

ALL = "all"
HEIGHT_MESSAGE = "scaling-book:height"  # what embed pages post to their parent
SNIPPET_HEIGHT = 900  # px, before the first height message arrives
_KEYS = {"widget"}
# Where the snippet points when the build has no site_url.
FALLBACK_SITE_URL = "https://example.org/scaling-book/"


def reference_specs(block: Block, path: str) -> tuple[WidgetSpec, ...]:
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
        return all_specs()
    try:
        return (get_spec(name.strip()),)
    except KeyError as error:
        raise BookError(path, f"widget-reference block: {error.args[0]}", block.line) from None


def render_widget_references(
    markdown: str, path: str, page_url: str, site_url: str | None
) -> tuple[str, list[str]]:
    """Replace every ```widget-reference block; returns the Markdown and the widgets documented.

    `page_url` is the page's site-relative URL (for the preview's relative link);
    `site_url` is where the site is published (for the absolute URL in the snippet).
    """
    documented: list[str] = []

    def render(block: Block) -> str:
        specs = reference_specs(block, path)
        documented.extend(spec.name for spec in specs)
        return "\n\n".join(widget_reference(spec, page_url, site_url) for spec in specs)

    text, _ = replace_blocks(markdown, "widget-reference", path, render)
    return text, documented


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
    return "<br>".join(
        f"<code>{escape(choice.value)}</code> ({escape(choice.label)})" for choice in param.choices
    )


def param_default(param: Param) -> str:
    if isinstance(param, NumberParam):
        return escape(plain_number(param.default))
    return f"<code>{escape(param.default)}</code>"


def parameter_table(spec: WidgetSpec) -> str:
    """Every URL parameter of the widget, from its declaration (one HTML table)."""
    rows = "\n".join(
        "<tr>"
        f"<td><code>{escape(p.name)}</code></td>"
        f"<td>{escape(param_type(p))}</td>"
        f"<td>{param_values(p)}</td>"
        f"<td>{param_default(p)}</td>"
        f"<td>{escape(p.unit) if p.unit else '&ndash;'}</td>"
        f"<td>{escape(p.help or p.label)}</td>"
        "</tr>"
        for p in spec.params
    )
    return (
        f'<table class="w-param-table" data-widget-reference="{escape(spec.name)}">\n'
        "<thead><tr><th>Parameter</th><th>Type</th><th>Range or choices</th>"
        "<th>Default</th><th>Unit</th><th>What it sets</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>"
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


def widget_reference(spec: WidgetSpec, page_url: str, site_url: str | None) -> str:
    """The Markdown (with raw HTML) documenting one widget for course authors."""
    preview = relative(page_url, embed_page(spec.name))
    public = urljoin(site_url or FALLBACK_SITE_URL, embed_page(spec.name))
    example = example_query(spec)
    example_text = (
        f" For example, <code>{escape(embed_page(spec.name))}?{escape(example)}</code> "
        "opens it with that one value changed."
        if example
        else ""
    )
    return "\n\n".join(
        [
            f"### {spec.title} {{#{spec.name}}}",
            f"<p>{escape(spec.summary)} Its embed page is "
            f'<a href="{escape(preview)}"><code>{escape(embed_page(spec.name))}</code></a>.'
            f"{example_text}</p>",
            parameter_table(spec),
            f'<figure class="w-embed-preview">\n'
            f'<iframe src="{escape(preview)}" title="Live preview: {escape(spec.title)}" '
            f'loading="lazy" width="100%" height="{SNIPPET_HEIGHT}" '
            'style="border:0;max-width:100%"></iframe>\n'
            f"<figcaption>Live preview of the {escape(spec.title)} embed page with its "
            "default settings.</figcaption>\n</figure>",
            "The snippet to paste into your course page (in its HTML mode):",
            f"```html\n{iframe_snippet(public, spec.title)}\n```",
        ]
    )
