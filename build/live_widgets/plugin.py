"""The MkDocs adapter: MkDocs events in, the generator's work out.

Everything of substance happens in `generator.py`, which does not import MkDocs; this
file only translates: config to `Settings`, `Output`s to MkDocs `File`s, and the
generator's `BookError` to MkDocs' `PluginError` (a clean `file:line: message`).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from live_widgets.config import LiveWidgetsConfig
from live_widgets.core.registry import Registry, WidgetDeclarationError, discover
from live_widgets.csp import add_csp, inline_script_hashes
from live_widgets.errors import BookError
from live_widgets.generator import Generator, PageSource, Settings, body_offset
from live_widgets.module_imports import MERMAID_ENTRY, fix_module_imports
from live_widgets.offline import write_service_worker
from live_widgets.search_later import hold_script, hold_search_index


def load_widget_package(folder: Path) -> Registry:
    """Import the widget package in `folder` (fresh, so `mkdocs serve` sees edits) and
    discover its widgets. Its parent folder is searched for it alone: sys.path is untouched."""
    name = folder.name
    if not name.isidentifier() or not (folder / "__init__.py").is_file():
        raise BookError(
            str(folder), "the `widgets` option must name a Python package folder (with __init__.py)"
        )
    for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[loaded]
    spec = importlib.machinery.PathFinder.find_spec(name, [str(folder.parent)])
    if spec is None or spec.loader is None:
        raise BookError(str(folder), "cannot import the widget package")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    try:
        return discover(name)
    except WidgetDeclarationError as error:
        raise BookError(error.path, error.detail, error.line) from None


class LiveWidgetsPlugin(BasePlugin[LiveWidgetsConfig]):
    """Widgets whose models are Python: computed at build time, live on Pyodide."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.generator: Generator | None = None
        self.search_hold = ""  # the inline script that holds Material's search index back
        self.inline_hashes: set[str] = set()  # every page's inline scripts, for on_post_build
        self.pages_with_csp: list[str] = []
        # Under `mkdocs serve` (an author at work) three things differ from `mkdocs build`
        # (what is deployed and tested):
        # - no Content-Security-Policy: serve adds its live-reload script to every page
        #   as it serves it, with a new timestamp each time, so no hash can allow it;
        # - no service worker: it would keep the pages the author edits;
        # - the snapshot is compressed quickly: the author waits on each model edit.
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    @property
    def csp(self) -> bool:
        return not self.serving

    @event_priority(100)  # before mkdocs-mermaid2 looks for its script
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        mermaid = config.plugins.get("mermaid2")
        if mermaid is not None:
            # mkdocs-mermaid2 wants its `javascript` inside docs_dir; ours is vendored
            # from node_modules at build time, so it is given the site path directly.
            mermaid._javascript = MERMAID_ENTRY
        project = Path(config.config_file_path).resolve().parent
        try:
            registry = load_widget_package((project / self.config.widgets).resolve())
        except BookError as error:
            raise PluginError(str(error)) from None
        diagrams = self.config.diagrams
        try:
            self.search_hold = hold_script()
        except BookError as error:
            raise PluginError(str(error)) from None
        self.generator = Generator(
            Settings(
                registry=registry,
                widgets_dir=(project / self.config.widgets).resolve(),
                docs_name=Path(config.docs_dir).name,
                pyodide_dir=(project / self.config.pyodide).resolve(),
                cache_dir=(project / self.config.cache_dir).resolve(),
                title=self.config.title or config.site_name,
                site_url=config.site_url,
                diagrams_dir=(project / diagrams).resolve() if diagrams else None,
                snapshot=self.config.snapshot,
                quick_snapshot=self.serving,
                embed_dir=self.config.embed_dir if self.config.embed_pages else None,
                vendor_mermaid="mermaid2" in config.plugins,
                csp=self.csp,
                offline=not self.serving and self.config.offline,
            )
        )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        generator = self._generator()
        pages = [
            PageSource(f"{Path(config.docs_dir).name}/{f.src_uri}", f.url, _text(f))
            for f in files.documentation_pages()
            if f.abs_src_path
        ]
        try:
            outputs = generator.outputs(pages)
        except BookError as error:
            raise PluginError(str(error)) from None
        for out in outputs:
            if out.source is not None:
                files.append(File.generated(config, out.dest, abs_src_path=str(out.source)))
            else:
                files.append(File.generated(config, out.dest, content=out.content or b""))
        styles, scripts = generator.page_scripts()
        config.extra_css.extend(styles)
        for script in scripts:
            config.extra_javascript.append(_module(script))
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        path = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        offset = body_offset(page.file.content_string, markdown)
        try:
            return self._generator().expand(markdown, path, page.file.url, offset)
        except BookError as error:
            raise PluginError(str(error)) from None

    @event_priority(-100)  # after mkdocs-mermaid2 has added its script
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        html = hold_search_index(fix_module_imports(output), self.search_hold)
        if not self.csp:
            return html
        self.inline_hashes.update(inline_script_hashes(html))
        self.pages_with_csp.append(page.file.dest_path)
        return add_csp(html)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if not template_name.endswith(".html"):
            return output_content
        html = fix_module_imports(output_content)
        if not self.csp:
            return html
        self.inline_hashes.update(inline_script_hashes(html))
        self.pages_with_csp.append(template_name)
        return add_csp(html)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        """Under `mkdocs serve`, an edit to a widget's Python or to a diagram rebuilds the
        site as an edit to a page does (MkDocs itself watches only docs and mkdocs.yml)."""
        project = Path(config.config_file_path).resolve().parent
        for folder in (self.config.widgets, self.config.diagrams):
            if folder and (project / folder).is_dir():
                server.watch(str((project / folder).resolve()))
        return server

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.inline_hashes.clear()
        self.pages_with_csp.clear()

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Widen each page's policy to every page's inline scripts: Material's instant
        navigation keeps the first page's policy and runs the next page's scripts. Then,
        with every file final, write the service worker that lists them."""
        site = Path(config.site_dir)
        for dest in self.pages_with_csp:
            path = site / dest
            if path.is_file():
                html = path.read_text(encoding="utf-8")
                path.write_text(add_csp(html, self.inline_hashes), encoding="utf-8")
        if self._generator().settings.offline:
            write_service_worker(site)

    def _generator(self) -> Generator:
        if self.generator is None:
            raise PluginError("live-widgets: on_config has not run")
        return self.generator


def _text(file: File) -> str:
    return Path(file.abs_src_path or "").read_text(encoding="utf-8")


def _module(path: str) -> ExtraScriptValue:
    script = ExtraScriptValue(path)
    script.type = "module"
    return script
