"""Material's search index waits while a page's widget starts Python (no MkDocs import).

Material fetches its search index as soon as a page loads and builds it in a worker
of its own: about 0.35 s of a core on the bench's two-core machine (lunr), in the
very second a page with a widget starts Python, so the two slow each other down.
Without that work in the way, `caching/` went live about 110 ms sooner (median of 8
cold visits each, 2026-12-06). On pages with a widget, a small inline script at the top of
<head> therefore holds Material's one request for the index (an XMLHttpRequest, sent
when its bundle runs) back until boot.js says
Python is live or has failed (`window.__liveWidgetsReleaseSearch`), when a script
fails to load (so could never say), or at once when the reader reaches for search
(focus in the search form, or its toggle). Pages
without widgets, pages reached by instant navigation (Python is already running) and
readers who save data (Python then starts only when asked) are left as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

from live_widgets.csp import first_in_head
from live_widgets.saving_data import SAVING_DATA, saving_data_expression

_WIDGET = re.compile(r'\sdata-widget="')


def hold_script(saving_data_js: Path = SAVING_DATA) -> str:
    """The inline script; whether the reader saves data is read from saving-data.js."""
    saving_data = saving_data_expression(saving_data_js)
    return f"""<script>
(() => {{
  if (window.__liveWidgets || ({saving_data})) return;
  const request = XMLHttpRequest.prototype;
  const {{ open, send }} = request;
  const held = new WeakSet();
  let release;
  const released = new Promise((resolve) => {{ release = resolve; }});
  window.__liveWidgetsReleaseSearch = () => release();
  request.open = function (method, url, ...rest) {{
    if (/\\/search\\/search_index\\.json$/.test(String(url).split(/[?#]/)[0])) held.add(this);
    return open.call(this, method, url, ...rest);
  }};
  request.send = function (body) {{
    if (!held.has(this)) return send.call(this, body);
    request.open = open;
    request.send = send;
    released.then(() => send.call(this, body));
  }};
  addEventListener("focusin", (event) => {{ if (event.target?.closest?.('form[name="search"]')) release(); }});
  addEventListener("change", (event) => {{ if (event.target?.id === "__search") release(); }});
  // A script that fails to load (boot.js or a module it imports, say) may never say how
  // Python fared. Only a script element's load error counts: other errors do not release.
  addEventListener("error", (event) => {{ if (event.target instanceof HTMLScriptElement) release(); }}, true);
}})();
</script>"""


def hold_search_index(html: str, script: str) -> str:
    """`html` with `script` (from hold_script) first in <head>, if the page has a widget."""
    return first_in_head(html, script) if _WIDGET.search(html) else html
