"""Embed pages load everything from the site itself, relative to where they are served."""

from __future__ import annotations

import posixpath
import re

from tests.e2e.site_server import Served
from widgets import all_specs


def test_embed_pages_name_a_favicon_inside_the_site(site: Served) -> None:
    """Without a declared icon, browsers ask for /favicon.ico at the host's root: a 404
    (a console error) on every host, and outside the book when it lives under a sub-path."""
    for spec in all_specs():
        page = f"embed/{spec.name}/"
        html = (site.root / page / "index.html").read_text(encoding="utf-8")
        icon = re.search(r'<link rel="icon" href="([^"]+)">', html)
        assert icon, spec.name
        href = icon.group(1)
        assert not href.startswith(("/", "http")), href
        assert (site.root / posixpath.normpath(posixpath.join(page, href))).is_file(), href
