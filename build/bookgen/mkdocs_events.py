"""What the book does at each MkDocs event (called from build/hooks.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from bookgen.blocks import Block, find_blocks, parse_mapping, replace_blocks
from bookgen.diagrams import is_diagram_name, missing_diagram, read_diagram_block, render_diagrams
from bookgen.embed import render_embed_page
from bookgen.embed_guide import reference_specs, render_widget_references
from bookgen.errors import BookError
from bookgen.paths import DIAGRAMS, ROOT, WIDGETS
from bookgen.site_paths import RUNTIME_MANIFEST, VENDOR, embed_page, model_source
from bookgen.snapshot import make_snapshot
from bookgen.vendor import trimmed_lockfile, vendored
from bookgen.wheel import build_wheel
from bookgen.widget_blocks import read_widget_block, render_widget_blocks
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
    manifest: dict[str, object] = {
        "pyodide": {
            "version": pyodide.version,
            "indexURL": "../../vendor/pyodide/",
            "lock": trimmed_lockfile(ROOT / "node_modules" / "pyodide"),
        },
        "wheel": {"url": f"../../wheels/{wheel.digest}/{wheel.filename}", "digest": wheel.digest},
    }
    snapshot = make_snapshot(
        ROOT, ROOT / "node_modules" / "pyodide", pyodide.version, wheel.filename, wheel.data
    )
    if snapshot is not None:
        # .bin, not .gz: some hosts would add Content-Encoding and decode it in transit.
        path = f"assets/snapshots/{snapshot.digest}/widgets-snapshot.bin"
        files.append(File.generated(config, path, content=snapshot.data))
        manifest["snapshot"] = {
            "url": f"../../snapshots/{snapshot.digest}/widgets-snapshot.bin",
            "pyodide": pyodide.version,
            "wheel": wheel.digest,
            **snapshot.manifest(),
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
    """The chapter URL that hosts each widget (the first in book order wins).

    Only real ```widget blocks count, not the same words in prose or in an example. A
    block that cannot be read is skipped here: the page's own build reports it, with
    its line."""
    found: dict[str, str] = {}
    for file in files.documentation_pages():
        if not file.abs_src_path:
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        try:
            blocks = find_blocks(text, "widget", file.src_uri)
        except BookError:
            continue
        for block in blocks:
            try:
                name = parse_mapping(block, file.src_uri).get("widget")
            except BookError:
                continue
            if isinstance(name, str):
                found.setdefault(name, file.url)
    return found


def expand_blocks(markdown: str, page: Page, config: MkDocsConfig) -> str:
    """Replace ```diagram, ```widget and ```widget-reference blocks; errors name the
    chapter file and its line (counted in the file, front matter included)."""
    path = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    try:
        check_blocks(markdown, path)
    except BookError as error:
        offset = body_offset(page.file.content_string, markdown)
        if error.line is None or offset == 0:
            raise
        raise BookError(error.path, error.detail, error.line + offset) from None
    markdown, _ = render_diagrams(markdown, path, DIAGRAMS)
    markdown, _ = render_widget_blocks(markdown, path, page.file.url)
    markdown, _ = render_widget_references(markdown, path, page.file.url, config.site_url)
    return markdown


def check_blocks(markdown: str, path: str, diagrams_dir: Path = DIAGRAMS) -> None:
    """Check every block of the page as written, first error first.

    Rendering a block changes the page's line count, so checking all kinds on the
    original text is what keeps each error's line number true.
    """

    def diagram(block: Block) -> str:
        name, _ = read_diagram_block(block, path)
        if not is_diagram_name(name) or not (diagrams_dir / f"{name}.mmd").is_file():
            raise BookError(path, missing_diagram(name), block.line)
        return ""

    def widget(block: Block) -> str:
        read_widget_block(block, path)
        return ""

    def reference(block: Block) -> str:
        reference_specs(block, path)
        return ""

    replace_blocks(markdown, "diagram", path, diagram)
    replace_blocks(markdown, "widget", path, widget)
    replace_blocks(markdown, "widget-reference", path, reference)


def body_offset(source: str, body: str) -> int:
    """How many lines of the file precede the Markdown MkDocs hands to plugins.

    MkDocs strips the front matter (and the blank lines after it) before
    `on_page_markdown`, so a block's line in `body` is this many lines short.
    """
    if body and source.endswith(body):
        return source[: len(source) - len(body)].count("\n")
    return 0


_MODULE_SCRIPT = re.compile(r"<script[^>]*\btype=[\"']?module[^>]*>.*?</script>", re.S)
_BARE_IMPORT = re.compile(r"""(\bimport\s+[\w{}\s,*]+?\s+from\s+["'])(?=[\w-]+/)(?!https?:)""")


def fix_module_imports(html: str) -> str:
    """Make relative module imports start with "./".

    mkdocs-mermaid2 computes its import path with os.path.relpath, which gives
    `import mermaid from "assets/vendor/..."` on the home page. Browsers read that as a
    bare module specifier and refuse it; "./assets/vendor/..." is the same file.
    """
    return _MODULE_SCRIPT.sub(lambda m: _BARE_IMPORT.sub(r"\1./", m.group(0)), html)
