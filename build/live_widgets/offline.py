"""The service worker that keeps the site for return visits and offline reading (no MkDocs import).

After a build, `write_service_worker` lists every file a reader may need, with the
sha256 of its bytes, and writes `live-widgets-sw.js` at the site root (a static host
cannot widen a worker's scope, so it must live there). The list is in the worker's own
text, so any changed file changes the worker, and the browser installs the new one.

Three groups:
- "shell": every page and the assets pages load (styles, scripts, images, search
  index, model sources). Fetched when the worker installs.
- "runtime": Python (Pyodide's files, the widget wheel) and the search language
  packs: big, so they are kept as they are fetched, and in the background once a
  widget has gone live (never when the reader asked to save data).
- "on-demand": Mermaid, which only a diagram not drawn ahead of time needs, and any
  file shipped compressed too (Pyodide's binary: readers fetch the gzip copy, which is
  "runtime"): kept when a page fetches it, never fetched for the reader's sake.
The Python snapshot is left out: it has its own Cache Storage entry and checks
(assets/js/snapshot.js).

Pages and files whose URL does not change with their content are fetched from the
network first (with a short time-out), so readers see a new deployment; versioned
files (in hashed folders, with hashed names, or vendored at a pinned version) come
from the cache first.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from live_widgets.bundle.compressed import SUFFIX as COMPRESSED_SUFFIX
from live_widgets.saving_data import saving_data_expression
from live_widgets.site_paths import RUNTIME, SNAPSHOTS, VENDOR, WHEELS

SERVICE_WORKER = "live-widgets-sw.js"
"""Where the worker is written, site-relative (the root: its scope is the whole site)."""
CACHE_PREFIX = "live-widgets-offline-"
"""Each build's cache is this prefix and its version. The worker (sw.js) deletes older
versions' caches by it, and pages (offline.js, through the runtime manifest) delete them
all when a build turns offline reading off."""
TEMPLATE = Path(__file__).resolve().parent / "assets" / "js" / "sw.js"
_PLACEHOLDER = "/*__LIVE_WIDGETS_OFFLINE__*/ null"
_SAVING_DATA = "/*__LIVE_WIDGETS_SAVING_DATA__*/ false"

# Kept only when a page fetches them.
_ON_DEMAND_PREFIXES = (f"{VENDOR}/mermaid/",)
# Kept in the background or when fetched, not when the worker installs.
_RUNTIME_PREFIXES = (f"{VENDOR}/", f"{WHEELS}/", "assets/javascripts/lunr/")
# Their URL changes whenever their bytes do, or they are vendored at a pinned version.
_VERSIONED_PREFIXES = (f"{RUNTIME}/", f"{VENDOR}/", f"{WHEELS}/")
_HASHED_NAME = re.compile(r"[.-](?:[0-9a-f]{8,}|[0-9A-Z]{8})\.[A-Za-z0-9.]+$")
# Not for readers: the snapshot (kept by its own code), source maps, the compressed sitemap.
_SKIPPED_PREFIXES = (f"{SNAPSHOTS}/",)
_SKIPPED_NAMES = ("sitemap.xml.gz", SERVICE_WORKER)


@dataclass(frozen=True)
class Entry:
    """One file the worker keeps."""

    url: str
    """Relative to the site root, as a URL path: "caching/" for caching/index.html."""
    sha256: str
    group: str
    """"shell" (fetched at install), "runtime" (kept when fetched, or in the background)
    or "on-demand" (kept when fetched)."""
    cache_first: bool
    """Versioned: served from the cache when there; otherwise network first."""


def _url(path: str) -> str:
    if path == "index.html" or path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    return quote(path, safe="/")


def _skipped(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return (
        path.startswith(_SKIPPED_PREFIXES)
        or path in _SKIPPED_NAMES
        or name.startswith(".")
        or name.endswith(".map")
    )


def _group(path: str) -> str:
    if path.startswith(_ON_DEMAND_PREFIXES):
        return "on-demand"
    return "runtime" if path.startswith(_RUNTIME_PREFIXES) else "shell"


def precache_entries(site_dir: Path) -> list[Entry]:
    """Every file of the built site a reader may need, in path order."""
    entries = []
    files = {p.relative_to(site_dir).as_posix(): p for p in site_dir.rglob("*") if p.is_file()}
    for path, file in sorted(files.items()):
        if _skipped(path):
            continue
        entries.append(
            Entry(
                url=_url(path),
                sha256=hashlib.sha256(file.read_bytes()).hexdigest(),
                group="on-demand" if path + COMPRESSED_SUFFIX in files else _group(path),
                cache_first=path.startswith(_VERSIONED_PREFIXES) or bool(_HASHED_NAME.search(path)),
            )
        )
    return entries


def version(entries: Iterable[Entry]) -> str:
    """A short hash of every listed file's URL and bytes: it names this build's cache."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(f"{entry.url}\n{entry.sha256}\n".encode())
    return digest.hexdigest()[:16]


def service_worker(entries: list[Entry], template: str) -> str:
    """The worker's text: the template with this build's version and list, and the
    reader-saves-data rule of saving-data.js."""
    for placeholder in (_PLACEHOLDER, _SAVING_DATA):
        if placeholder not in template:
            raise ValueError(f"the service worker template lacks {placeholder}")
    data = {
        "version": version(entries),
        "cachePrefix": CACHE_PREFIX,
        "entries": [
            {"url": e.url, "sha256": e.sha256, "group": e.group, "cacheFirst": e.cache_first}
            for e in entries
        ],
    }
    template = template.replace(_SAVING_DATA, f"({saving_data_expression()})", 1)
    return template.replace(_PLACEHOLDER, json.dumps(data, separators=(",", ":")), 1)


def write_service_worker(site_dir: Path) -> Path:
    """Write the worker at the site root for the site as built; returns its path."""
    entries = precache_entries(site_dir)
    target = site_dir / SERVICE_WORKER
    target.write_text(service_worker(entries, TEMPLATE.read_text(encoding="utf-8")), "utf-8")
    return target
