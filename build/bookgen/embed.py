"""Standalone embed pages: /embed/<widget>/ with minimal chrome, for iframes in courses.

The query string holds the state with the widget's own parameter names
(`?cache_size=5000`); the browser validates it against the declaration and shows a
notice for anything it ignored. All links are relative, so the pages work under a
sub-path and on any static host.
"""

from __future__ import annotations

from html import escape

from bookgen.js_modules import preload_links
from bookgen.paths import DOCS, WIDGET_BOOT
from bookgen.site_paths import embed_page, model_source
from bookgen.widget_blocks import relative
from bookgen.widget_html import WidgetLinks, render_widget
from widgets import WidgetSpec


def early_start(root: str) -> str:
    """A classic script at the top of the page that creates the Python worker at once.

    On an embed page the widget is the page, so Python should start before the
    browser has even fetched the styles and modules (runtime.js would otherwise
    create the worker only after them, about 150 ms later on a fast machine). The
    worker starts itself; runtime.js takes it over with what it said meanwhile.
    """
    worker = escape(f"{root}assets/js/widgets/worker.js")
    return f"""<script>
try {{
  const worker = new Worker("{worker}", {{ type: "module", name: "scaling-book-python" }});
  const early = {{ worker, messages: [], error: null }};
  worker.onmessage = (event) => early.messages.push(event.data);
  worker.onerror = (event) => {{ event.preventDefault(); early.error = event; }};
  window.__scalingBookEarlyWorker = early;
}} catch {{}}
</script>"""


def render_embed_page(spec: WidgetSpec, *, book_page: str | None, asset_version: str) -> str:
    here = embed_page(spec.name)
    links = WidgetLinks(
        embed="./",
        sources=tuple((m, relative(here, model_source(m))) for m in spec.model_modules),
    )
    widget = render_widget(spec, spec.validate({}), "w1", links, heading_level=1)
    root = relative(here, "")
    back = (
        f'<a href="{escape(relative(here, book_page))}" target="_top">Read the chapter</a> · '
        if book_page
        else ""
    )
    v = escape(asset_version)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
{early_start(root)}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(spec.title)} · Scaling: from one server to millions of users</title>
<meta name="description" content="{escape(spec.summary)}">
<link rel="icon" href="{root}assets/images/favicon.png">
<link rel="stylesheet" href="{root}assets/css/widgets.css?v={v}">
<link rel="stylesheet" href="{root}assets/css/embed.css?v={v}">
<script type="module" src="{root}assets/js/widgets/boot.js?v={v}"></script>
{preload_links(WIDGET_BOOT, DOCS, root)}
</head>
<body class="w-embed-page" data-embed-widget="{escape(spec.name)}">
<main>
{widget}
</main>
<footer class="w-embed-footer">{back}From the open textbook
<a href="{root}" target="_top">Scaling: from one server to millions of users</a>.</footer>
</body>
</html>
"""
