"""Standalone embed pages: /embed/<widget>/ with minimal chrome, for iframes in courses.

The query string holds the state with the widget's own parameter names
(`?cache_size=5000`); the browser validates it against the declaration and shows a
notice for anything it ignored. All links are relative, so the pages work under a
sub-path and on any static host.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from live_widgets.core import WidgetSpec
from live_widgets.js_modules import preload_links
from live_widgets.site_paths import embed_page, model_source
from live_widgets.widget_blocks import relative
from live_widgets.widget_html import WidgetLinks, render_widget

ASSETS = Path(__file__).resolve().parent / "assets"


def early_start(root: str, runtime_dir: str) -> str:
    """A classic script at the top of the page that creates the Python worker at once.

    On an embed page the widget is the page, so Python should start before the
    browser has even fetched the styles and modules (runtime.js would otherwise
    create the worker only after them, about 150 ms later on a fast machine). The
    worker starts itself; runtime.js takes it over with what it said meanwhile.
    """
    worker = escape(f"{root}{runtime_dir}/js/worker.js")
    return f"""<script>
try {{
  const worker = new Worker("{worker}", {{ type: "module", name: "live-widgets-python" }});
  const early = {{ worker, messages: [], error: null }};
  worker.onmessage = (event) => early.messages.push(event.data);
  worker.onerror = (event) => {{ event.preventDefault(); early.error = event; }};
  window.__liveWidgetsEarlyWorker = early;
}} catch {{}}
</script>"""


def render_embed_page(
    spec: WidgetSpec,
    *,
    book_page: str | None,
    runtime_dir: str,
    title: str,
    embed_dir: str = "embed",
) -> str:
    here = embed_page(spec.name, embed_dir)
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
    runtime = f"{root}{runtime_dir}"
    t = escape(title)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
{early_start(root, runtime_dir)}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(spec.title)} · {t}</title>
<meta name="description" content="{escape(spec.summary)}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{runtime}/css/widgets.css">
<link rel="stylesheet" href="{runtime}/css/embed.css">
<script type="module" src="{runtime}/js/boot.js"></script>
{preload_links(ASSETS / "js" / "boot.js", ASSETS, runtime + "/")}
</head>
<body class="w-embed-page" data-embed-widget="{escape(spec.name)}">
<main>
{widget}
</main>
<footer class="w-embed-footer">{back}From
<a href="{root}" target="_top">{t}</a>.</footer>
</body>
</html>
"""
