"""What the book does at each MkDocs event (called from build/hooks.py)."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from bookgen.diagrams import render_diagrams
from bookgen.embed import render_embed_page
from bookgen.paths import DIAGRAMS, ROOT, WIDGETS
from bookgen.site_paths import RUNTIME_MANIFEST, VENDOR, embed_page, model_source
from bookgen.vendor import vendored
from bookgen.wheel import build_wheel
from bookgen.widget_blocks import render_widget_blocks
from widgets import all_specs

MERMAID_ENTRY = f"{VENDOR}/mermaid/mermaid.esm.min.mjs"


def configure(config: MkDocsConfig) -> MkDocsConfig:
    # mkdocs-mermaid2 checks that its `javascript` exists inside docs_dir; ours is
    # vendored from node_modules at build time instead, so give it the path directly.
    mermaid = config.plugins.get("mermaid2")
    if mermaid is not None:
        mermaid._javascript = MERMAID_ENTRY  # type: ignore[attr-defined]
    return config


def add_generated_files(files: Files, config: MkDocsConfig) -> Files:
    """Vendored libraries, the widget wheel and its manifest, model sources, embed pages."""
    packages = vendored(ROOT)
    for package in packages:
        for source, dest in package.files:
            files.append(File.generated(config, dest, abs_src_path=str(source)))
    wheel = build_wheel(WIDGETS)
    wheel_dir = f"assets/wheels/{wheel.digest}"
    files.append(File.generated(config, f"{wheel_dir}/{wheel.filename}", content=wheel.data))
    pyodide = next(p for p in packages if p.package == "pyodide")
    manifest = {
        "pyodide": {"version": pyodide.version, "indexURL": "../../vendor/pyodide/"},
        "wheel": {"url": f"../../wheels/{wheel.digest}/{wheel.filename}", "digest": wheel.digest},
    }
    files.append(File.generated(config, RUNTIME_MANIFEST, content=json.dumps(manifest, indent=1)))
    hosts = widget_hosts(files)
    modules = sorted({module for spec in all_specs() for module in spec.model_modules})
    for module in modules:
        source = ROOT / Path(*module.split(".")).with_suffix(".py")
        files.append(File.generated(config, model_source(module), abs_src_path=str(source)))
    for spec in all_specs():
        page = render_embed_page(spec, book_page=hosts.get(spec.name), asset_version=wheel.digest)
        files.append(File.generated(config, embed_page(spec.name) + "index.html", content=page))
    return files


def widget_hosts(files: Files) -> dict[str, str]:
    """The chapter URL that hosts each widget (the first in book order wins)."""
    found: dict[str, str] = {}
    names = [spec.name for spec in all_specs()]
    for file in files.documentation_pages():
        if not file.abs_src_path:
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        for name in names:
            if f"widget: {name}" in text:
                found.setdefault(name, file.url)
    return found


def expand_blocks(markdown: str, page: Page, config: MkDocsConfig) -> str:
    """Replace ```diagram and ```widget blocks; errors name the chapter file and line."""
    path = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    markdown, _ = render_diagrams(markdown, path, DIAGRAMS)
    markdown, _ = render_widget_blocks(markdown, path, page.file.url)
    return markdown
