"""Standalone embed pages: /embed/<widget>/ with minimal chrome, for iframes in courses.

The query string holds the state with the widget's own parameter names
(`?cache_size=5000`); the browser validates it against the declaration and shows a
notice for anything it ignored. All links are relative, so the pages work under a
sub-path and on any static host.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from live_widgets.core import WidgetSpec
from live_widgets.csp import add_csp
from live_widgets.embed_look import looks_json
from live_widgets.js_modules import preload_links
from live_widgets.saving_data import SAVING_DATA, saving_data_expression
from live_widgets.site_paths import embed_page, model_source
from live_widgets.widget_blocks import relative
from live_widgets.widget_html import WidgetLinks, render_widget

ASSETS = Path(__file__).resolve().parent / "assets"


def early_start(root: str, runtime_dir: str, saving_data_js: Path = SAVING_DATA) -> str:
    """A classic script at the top of the page that creates the Python worker at once.

    On an embed page the widget is the page, so Python should start before the
    browser has even fetched the styles and modules (runtime.js would otherwise
    create the worker only after them, about 150 ms later on a fast machine). The
    worker starts itself; runtime.js takes it over with what it said meanwhile.

    It also applies the look parameters (`?theme=dark`, `?compact=1`: embed_look.py,
    read from the page's `<html data-looks>`) before the first paint, and notes a
    module script that fails to load (in a sandboxed frame whose host sends no CORS
    header, all of them do), for embed-fallback.js to explain, and marks a page shown in
    a frame (`<html data-framed>`), the only place "Open on its own page" leads anywhere.

    Whether the reader saves data is decided by `savingData()` in saving-data.js: its
    expression is read from `saving_data_js` here, never written twice.
    """
    worker = json.dumps(f"{root}{runtime_dir}/js/worker.js")
    saving_data = saving_data_expression(saving_data_js)
    return f"""<script>
(() => {{
  const query = new URLSearchParams(location.search);
  const html = document.documentElement;
  // The look parameters embed_look.py declares, each value with the data attribute it
  // sets; given twice, the last accepted value counts, as for the widget's parameters.
  try {{
    for (const [name, pairs] of JSON.parse(html.dataset.looks || "[]")) {{
      const sets = new Map(pairs);
      const value = query.getAll(name).filter((v) => sets.has(v)).at(-1);
      if (value !== undefined && sets.get(value) !== null) html.dataset[name] = sets.get(value);
    }}
  }} catch {{}} // the default look; Python still starts below
  // "Open on its own page" is for a widget in a course's frame; on the page itself it
  // would only open the page again (embed.css hides it unless this is set).
  if (window.parent !== window) html.dataset.framed = "";
  const blocked = [];
  window.__liveWidgetsBlocked = blocked;
  addEventListener("error", (event) => {{
    const target = event.target;
    if (!(target instanceof HTMLScriptElement) || target.type !== "module") return;
    blocked.push(target.src);
    dispatchEvent(new Event("live-widgets:blocked"));
  }}, true);
  // A reader who saves data starts Python only when asked (see saving-data.js).
  const savingData = {saving_data};
  if (!savingData) try {{
    const url = new URL({worker}, location.href).href;
    const options = {{ type: "module", name: "live-widgets-python" }};
    let worker;
    try {{
      worker = new Worker(url, options);
    }} catch (error) {{
      if (error.name !== "SecurityError") throw error;
      // An opaque origin (a sandboxed frame): see createWorker in runtime.js.
      const source = [
        "self.importScripts = undefined;",
        "import(" + JSON.stringify(url) + ").catch((error) => self.postMessage(",
        "{{ type: 'fatal', error: 'the Python worker did not load (' + error + ')' }}));",
      ].join(" ");
      worker = new Worker(URL.createObjectURL(new Blob([source], {{ type: "text/javascript" }})), {{ name: options.name }});
    }}
    const early = {{ worker, messages: [], error: null }};
    worker.onmessage = (event) => early.messages.push(event.data);
    worker.onerror = (event) => {{ event.preventDefault(); early.error = event; }};
    window.__liveWidgetsEarlyWorker = early;
  }} catch {{}}
}})();
</script>"""


def render_embed_page(
    spec: WidgetSpec,
    *,
    book_page: str | None,
    runtime_dir: str,
    title: str,
    embed_dir: str = "embed",
    csp: bool = True,
) -> str:
    here = embed_page(spec.name, embed_dir)
    links = WidgetLinks(
        embed="./",
        sources=tuple((m, relative(here, model_source(m))) for m in spec.model_modules),
    )
    widget = render_widget(spec, spec.validate({}), "w1", links, heading_level=1)
    root = relative(here, "")
    # A new tab: inside a course page, replacing the frame or the course would lose the reader.
    blank = 'target="_blank" rel="noopener"'
    back = (
        f'<a href="{escape(relative(here, book_page))}" {blank}>Read the chapter</a> · '
        if book_page
        else ""
    )
    runtime = f"{root}{runtime_dir}"
    t = escape(title)
    page = f"""<!doctype html>
<html lang="en" data-looks="{escape(looks_json())}">
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
<script type="module" src="{runtime}/js/embed-api.js"></script>
<script src="{runtime}/js/embed-fallback.js" defer></script>
{preload_links(ASSETS / "js" / "boot.js", ASSETS, runtime + "/")}
</head>
<body class="w-embed-page" data-embed-widget="{escape(spec.name)}">
<main>
{widget}
</main>
<footer class="w-embed-footer">{back}From
<a href="{root}" {blank}>{t}</a>.</footer>
</body>
</html>
"""
    return add_csp(page) if csp else page
