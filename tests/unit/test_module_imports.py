"""Module scripts the build writes into pages load from the site with relative paths."""

from __future__ import annotations

import re

from book_bench.site_server import Served
from live_widgets.module_imports import fix_module_imports


def test_bare_import_on_the_home_page_gets_dot_slash() -> None:
    """mkdocs-mermaid2's `import ... from "assets/..."` (a bare specifier, which browsers
    refuse) becomes "./assets/...", and nothing else in the page changes."""
    page = (
        '<p>import x from "assets/y.js" in prose stays.</p>'
        '<script type="module">import mermaid from "assets/vendor/mermaid/m.mjs";</script>'
        '<script type="module">import mermaid from "../assets/vendor/mermaid/m.mjs";</script>'
    )
    assert fix_module_imports(page) == page.replace('from "assets/vendor', 'from "./assets/vendor')


def test_built_pages_never_import_a_bare_specifier(site: Served) -> None:
    """No page of the real build has a module import that a browser would refuse."""
    bare = []
    for page in site.root.rglob("*.html"):
        for script in re.findall(r'<script type="module">(.*?)</script>', page.read_text(), re.S):
            bare += [
                f"{page.relative_to(site.root)}: {m}"
                for m in re.findall(r'from\s+"([^./][^"]*)"', script)
            ]
    assert not bare, bare
