"""The service worker's list of kept files (build/live_widgets/offline.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from live_widgets.offline import (
    SERVICE_WORKER,
    TEMPLATE,
    precache_entries,
    service_worker,
    version,
    write_service_worker,
)

FILES = {
    "index.html": "<h1>Home</h1>",
    "caching/index.html": "<h1>Caching</h1>",
    "embed/cache-hit-rate/index.html": "<h1>Embed</h1>",
    "404.html": "<h1>Not found</h1>",
    "sitemap.xml": "<urlset/>",
    "sitemap.xml.gz": "gz",
    "search/search_index.json": "{}",
    "assets/stylesheets/main.57a0d79d.min.css": "css",
    "assets/javascripts/bundle.a5f9d56c.min.js": "js",
    "assets/javascripts/bundle.a5f9d56c.min.js.map": "map",
    "assets/javascripts/lunr/min/lunr.de.min.js": "de",
    "assets/css/book.css": "book",
    "assets/live-widgets/0123456789ab/js/boot.js": "boot",
    "assets/vendor/pyodide/pyodide.asm.wasm": "wasm",
    "assets/vendor/pyodide/pyodide.asm.wasm.gzip.bin": "gzip of wasm",
    "assets/vendor/pyodide/python_stdlib.zip": "stdlib",
    "assets/vendor/mermaid/chunks/mermaid.esm.min/chunk-MWUZ53VY.mjs": "chunk",
    "assets/wheels/f249f6bf3991/widgets_live-0.1.0-py3-none-any.whl": "wheel",
    "assets/snapshots/3526bdb51d5c85dc/widgets-snapshot.bin": "snapshot",
    "a page/index.html": "<h1>Space</h1>",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for path, text in FILES.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp_path


def _listed(site: Path) -> dict[str, dict[str, object]]:
    text = (site / SERVICE_WORKER).read_text(encoding="utf-8")
    found = re.search(r"const OFFLINE = (\{.*?\});\n", text)
    assert found
    return {e["url"]: e for e in json.loads(found.group(1))["entries"]}


def test_every_page_is_kept_at_install(site: Path) -> None:
    """Every HTML page of the build (chapters, embeds, 404) is in the install group."""
    write_service_worker(site)
    listed = _listed(site)
    for url in ("", "caching/", "embed/cache-hit-rate/", "404.html", "a%20page/"):
        assert listed[url]["group"] == "shell", url
        assert listed[url]["cacheFirst"] is False, url  # network first: new builds show


def test_every_listed_file_exists_and_is_on_the_site(site: Path) -> None:
    """No external URL, no path outside the site, nothing the build did not write."""
    for entry in precache_entries(site):
        assert "://" not in entry.url and not entry.url.startswith("/") and ".." not in entry.url
        path = entry.url.replace("%20", " ")
        file = site / (path + "index.html" if path == "" or path.endswith("/") else path)
        assert file.is_file(), entry.url


def test_groups_and_strategies(site: Path) -> None:
    """Python is kept in the background and cache-first, its binary as the gzip copy
    readers fetch (the original only if a page fetches it); Mermaid (for diagrams not
    drawn ahead) only when a page fetches it; the snapshot (own cache), source maps, the
    compressed sitemap and the worker itself are not listed."""
    write_service_worker(site)
    listed = _listed(site)
    for python in ("pyodide.asm.wasm.gzip.bin", "python_stdlib.zip"):
        assert listed[f"assets/vendor/pyodide/{python}"]["group"] == "runtime"
        assert listed[f"assets/vendor/pyodide/{python}"]["cacheFirst"] is True
    assert listed["assets/vendor/pyodide/pyodide.asm.wasm"]["group"] == "on-demand"
    wheel = "assets/wheels/f249f6bf3991/widgets_live-0.1.0-py3-none-any.whl"
    assert listed[wheel]["group"] == "runtime"
    assert listed["assets/javascripts/bundle.a5f9d56c.min.js"]["cacheFirst"] is True
    assert listed["assets/live-widgets/0123456789ab/js/boot.js"]["group"] == "shell"
    chunk = listed["assets/vendor/mermaid/chunks/mermaid.esm.min/chunk-MWUZ53VY.mjs"]
    assert chunk["group"] == "on-demand" and chunk["cacheFirst"] is True
    assert listed["assets/css/book.css"]["cacheFirst"] is False
    assert not any(
        u.startswith("assets/snapshots/") or u.endswith((".map", ".gz")) or u == SERVICE_WORKER
        for u in listed
    )


def test_version_follows_the_files(site: Path) -> None:
    """One changed byte anywhere gives a new version (so a new worker and cache); an
    unchanged site gives the same worker, byte for byte."""
    before = version(precache_entries(site))
    first = write_service_worker(site).read_text(encoding="utf-8")
    assert write_service_worker(site).read_text(encoding="utf-8") == first
    (site / "assets/css/book.css").write_text("book, changed", encoding="utf-8")
    assert version(precache_entries(site)) != before


def test_template_is_filled(site: Path) -> None:
    """The worker's text carries this build's version and list, and the template fails
    loudly if its placeholder is lost."""
    entries = precache_entries(site)
    text = service_worker(entries, TEMPLATE.read_text(encoding="utf-8"))
    assert f'"version":"{version(entries)}"' in text
    with pytest.raises(ValueError):
        service_worker(entries, "const OFFLINE = null;")
