"""Embed pages preload exactly the widget runtime's modules, read from its imports."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from book_bench.site_server import Served
from live_widgets.errors import BookError
from live_widgets.generator import ASSETS
from live_widgets.js_modules import module_graph, static_imports
from widgets import all_specs


def test_static_imports_reads_every_form_and_skips_dynamic(tmp_path: Path) -> None:
    """Default, named (over several lines), side-effect and re-export imports count;
    dynamic import() and strings that merely look like paths do not."""
    for name in ("a", "b", "c", "d", "e"):
        (tmp_path / f"{name}.js").write_text("")
    entry = tmp_path / "entry.js"
    entry.write_text(
        'import a from "./a.js";\n'
        "import {\n  one,\n  two,\n} from './b.js';\n"
        'import "./c.js";\n'
        'export { three } from "./d.js";\n'
        'const later = await import("./e.js");\n'
        'const text = "import x from ./e.js";\n'
    )
    assert [p.name for p in static_imports(entry)] == ["a.js", "b.js", "c.js", "d.js"]


def test_module_graph_follows_imports_once_and_names_a_missing_module(tmp_path: Path) -> None:
    """Indirect imports are found, cycles end, and a missing module fails the build."""
    (tmp_path / "entry.js").write_text('import "./a.js";')
    (tmp_path / "a.js").write_text('import "./b.js";\nimport "./entry.js";')
    (tmp_path / "b.js").write_text('import "./a.js";')
    assert [p.name for p in module_graph(tmp_path / "entry.js")] == ["a.js", "b.js"]
    (tmp_path / "b.js").write_text('import "./gone.js";')
    with pytest.raises(BookError, match=r"gone\.js"):
        module_graph(tmp_path / "entry.js")


def test_the_widget_runtime_graph_is_what_boot_js_imports() -> None:
    """The real graph holds the controller, the runtime and their helpers, not the
    worker (a separate script the browser loads by itself)."""
    names = {p.name for p in module_graph(ASSETS / "js" / "boot.js")}
    assert {"controller.js", "runtime.js", "params.js", "share.js", "source.js"} <= names
    assert "worker.js" not in names


def test_embed_pages_preload_each_module_of_the_graph(site: Served) -> None:
    """Every embed page preloads every module boot.js pulls in, at URLs that exist."""
    expected = {p.name for p in module_graph(ASSETS / "js" / "boot.js")}
    for spec in all_specs():
        page = f"embed/{spec.name}/"
        html = (site.root / page / "index.html").read_text(encoding="utf-8")
        hrefs = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
        assert {posixpath.basename(h) for h in hrefs} == expected, spec.name
        for href in hrefs:
            assert not href.startswith(("/", "http")), href
            assert (site.root / posixpath.normpath(posixpath.join(page, href))).is_file(), href
