"""Embed pages load everything from the site itself, relative to where they are served."""

from __future__ import annotations

import hashlib
import json
import re

from book_bench.site_server import Served, runtime_dir
from widgets import all_specs


def test_embed_pages_declare_an_icon_that_needs_no_request(site: Served) -> None:
    """Without a declared icon, browsers ask for /favicon.ico at the host's root: a 404
    (a console error) on every host, and outside the site when it lives under a sub-path.
    Embed pages belong to any site using the plugin, so theirs is an empty data: URL."""
    for spec in all_specs():
        page = f"embed/{spec.name}/"
        html = (site.root / page / "index.html").read_text(encoding="utf-8")
        icon = re.search(r'<link rel="icon" href="([^"]+)">', html)
        assert icon, spec.name
        assert icon.group(1) == "data:,"


def test_every_url_in_the_runtime_manifest_reaches_a_file(site: Served) -> None:
    """runtime.json's URLs are relative to itself (in a hashed folder): the wheel, the
    snapshot, Pyodide's folder and the lock's wheel entry all resolve to built files."""
    folder = runtime_dir(site.root)
    manifest = json.loads((folder / "runtime.json").read_text(encoding="utf-8"))
    index = (folder / manifest["pyodide"]["indexURL"]).resolve()
    assert (index / "pyodide.mjs").is_file()
    assert (folder / manifest["wheel"]["url"]).resolve().is_file()
    if "snapshot" in manifest:
        assert (folder / manifest["snapshot"]["url"]).resolve().is_file()
    (entry,) = manifest["pyodide"]["lock"]["packages"].values()
    wheel = (index / entry["file_name"]).resolve()
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
