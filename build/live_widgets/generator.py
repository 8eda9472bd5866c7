"""The generator: everything the plugin does, with no MkDocs import.

`Generator` is made once per build from `Settings`. The plugin (plugin.py) hands it the
site's pages and collects what it returns: files to write (`Output`), the Markdown of a
page with its blocks expanded, and the tags every page needs. Keeping MkDocs out of
here keeps the generator testable on its own and cheap to move to another host.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from live_widgets.blocks import Block, Parsed, find_blocks, parse_block, replace_blocks
from live_widgets.bundle.compressed import compressed_copy
from live_widgets.bundle.lockfile import lock_with_wheel
from live_widgets.bundle.snapshot import ModelsFailInPyodide, make_snapshot
from live_widgets.bundle.vendor import vendored
from live_widgets.bundle.wheel import Wheel, build_wheel, dist_name
from live_widgets.core.registry import Registry, shown_path
from live_widgets.diagrams import render_diagram
from live_widgets.embed import render_embed_page
from live_widgets.embed_guide import reference_specs, widget_reference
from live_widgets.errors import BookError, ModelFailure
from live_widgets.offline import CACHE_PREFIX, SERVICE_WORKER
from live_widgets.offline import TEMPLATE as SW_TEMPLATE
from live_widgets.site_paths import (
    RUNTIME,
    SNAPSHOTS,
    VENDOR,
    WHEELS,
    embed_page,
    model_source,
)
from live_widgets.widget_blocks import NESTED, WidgetBlock, read_widget_block, relative
from live_widgets.widget_html import WidgetLinks, render_widget

ASSETS = Path(__file__).resolve().parent / "assets"
KINDS = ("diagram", "widget", "widget-reference")
BOOT = "js/boot.js"
GUIDE = "js/guide.js"  # the embed guide's snippets: the reader's own address
STYLES = ("css/widgets.css",)
# The vendored Pyodide files every start fetches (the lock travels inside runtime.json).
# runtime.json lists their sizes; worker.js counts progress against exactly that list.
START_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
BINARY = "pyodide.asm.wasm"  # shipped compressed too: the start fetches that copy instead


@dataclass(frozen=True)
class Settings:
    """What a build needs to know; the plugin fills it from mkdocs.yml."""

    registry: Registry
    widgets_dir: Path
    """The folder of the widget package (its name is the package's name)."""
    docs_name: str
    """The docs folder as named in error messages (e.g. "content")."""
    pyodide_dir: Path
    cache_dir: Path
    title: str
    site_url: str | None = None
    diagrams_dir: Path | None = None
    snapshot: bool = True
    quick_snapshot: bool = False
    """Compress the snapshot quickly (`mkdocs serve`: an author waits on each model edit)."""
    embed_dir: str | None = "embed"
    node_modules: Path | None = None
    vendor_mermaid: bool = False
    csp: bool = True
    """Give embed pages a Content-Security-Policy (not under `mkdocs serve`)."""
    offline: bool = False
    """A service worker keeps the site (offline.py); the plugin writes it after the build."""


@dataclass(frozen=True)
class Output:
    """A file the build writes: `content`, or a copy of `source`."""

    dest: str
    content: bytes | None = None
    source: Path | None = None


@dataclass(frozen=True)
class PageSource:
    """A Markdown page as the generator sees it."""

    path: str  # as named in errors, e.g. "content/caching.md"
    url: str  # site-relative, e.g. "caching/"
    text: str  # the file's whole text


@dataclass
class Generator:
    settings: Settings
    _runtime_dir: str | None = None
    _parsed: dict[tuple[str, str, str], Parsed] = field(default_factory=dict)

    def _parse(self, block: Block, path: str, nested: frozenset[str] = NESTED) -> Parsed:
        """Each block's body is parsed once per build, whichever event asks first."""
        key = (path, block.kind, block.body)
        if key not in self._parsed:
            self._parsed[key] = parse_block(block, path, nested)
        return self._parsed[key]

    # -- files ---------------------------------------------------------------------------

    def outputs(self, pages: Iterable[PageSource]) -> list[Output]:
        """Every generated file: vendored libraries, the wheel and lock, the snapshot,
        the runtime (in a folder named by the hash of its contents), model sources and
        embed pages."""
        s = self.settings
        out: list[Output] = []
        if not (s.pyodide_dir / "pyodide-lock.json").is_file():
            raise BookError(
                "mkdocs.yml",
                f"option 'pyodide': {s.pyodide_dir} holds no Pyodide (no pyodide-lock.json): "
                "install it beside mkdocs.yml with `npm install --save-exact pyodide@<version>`, "
                "or point the option at the folder that holds it",
            )
        packages = vendored(s.node_modules or s.pyodide_dir.parent, mermaid=s.vendor_mermaid)
        for package in packages:
            out.extend(Output(dest, source=source) for source, dest in package.files)
        pyodide = next(p for p in packages if p.package == "pyodide")
        wheel = build_wheel(s.widgets_dir, s.registry.package)
        wheel_dir = f"{WHEELS}/{wheel.digest}"
        out.append(Output(f"{wheel_dir}/{wheel.filename}", content=wheel.data))
        # The files a start fetches besides the snapshot or the wheel: the browser shows
        # download progress against them from the first second.
        found = {Path(dest).name: source for source, dest in pyodide.files}
        missing = [name for name in START_FILES if name not in found]
        if missing:
            raise BookError("pyodide", f"the vendored Pyodide lacks {', '.join(missing)}")
        # The binary goes gzip-compressed (bundle/compressed.py): 3.5 MB instead of 9.6.
        binary = compressed_copy(found[BINARY], s.cache_dir)
        binary_path = f"{pyodide.dest_dir}/{binary.name}"
        out.append(Output(binary_path, content=binary.data))
        sizes = {name: found[name].stat().st_size for name in START_FILES if name != BINARY}
        sizes[binary.name] = len(binary.data)
        compressed = {
            "url": _from_manifest(binary_path),
            "size": binary.size,  # the original's, which a browser that cannot inflate fetches
        }
        manifest = self._manifest(pyodide.version, sizes, compressed, wheel, wheel_dir)
        try:
            snapshot = make_snapshot(
                s.cache_dir,
                s.pyodide_dir,
                pyodide.version,
                wheel,
                s.registry.package,
                s.snapshot,
                quick=s.quick_snapshot,
            )
        except ModelsFailInPyodide as failure:
            raise BookError(shown_path(str(s.widgets_dir)), str(failure)) from None
        if snapshot is not None:
            # .bin, not .gz: some hosts would add Content-Encoding and decode it in transit.
            path = f"{SNAPSHOTS}/{snapshot.digest}/widgets-snapshot.bin"
            out.append(Output(path, content=snapshot.data))
            manifest["snapshot"] = {
                "url": _from_manifest(path),
                "pyodide": pyodide.version,
                "wheel": wheel.digest,
                **snapshot.manifest(),
            }
        out.extend(self._runtime(manifest))
        for module in s.registry.modules():
            source = s.widgets_dir.parent / Path(*module.split(".")).with_suffix(".py")
            out.append(Output(model_source(module), source=source))
        if s.embed_dir is not None:
            hosts = self.widget_hosts(pages)
            for spec in s.registry.specs:
                page = render_embed_page(
                    spec,
                    book_page=hosts.get(spec.name),
                    runtime_dir=self.runtime_dir,
                    title=s.title,
                    embed_dir=s.embed_dir,
                    csp=s.csp,
                )
                out.append(Output(embed_page(spec.name, s.embed_dir) + "index.html", page.encode()))
        return out

    def _manifest(
        self,
        version: str,
        sizes: dict[str, int],
        binary: dict[str, object],
        wheel: Wheel,
        wheel_dir: str,
    ) -> dict[str, object]:
        s = self.settings
        index = _from_manifest(f"{VENDOR}/pyodide/")
        lock = lock_with_wheel(
            s.pyodide_dir,
            wheel.filename,
            wheel.data,
            f"../../{wheel_dir.removeprefix('assets/')}/",  # from the Pyodide folder
            s.cache_dir / "locks",
        )
        return {
            "pyodide": {
                "version": version,
                "indexURL": index,
                "lock": lock,
                "sizes": sizes,
                "binary": binary,
            },
            "wheel": {
                "name": dist_name(s.registry.package),
                "url": _from_manifest(f"{wheel_dir}/{wheel.filename}"),
                "digest": wheel.digest,
                "bytes": len(wheel.data),
            },
            "package": s.registry.package,
            # Where pages find the service worker (assets/js/offline.js); none: it is off.
            "offline": _from_manifest(SERVICE_WORKER) if s.offline else None,
            # Every build's offline cache starts so; pages delete them when it is off.
            "offlineCachePrefix": CACHE_PREFIX,
        }

    def _runtime(self, manifest: dict[str, object]) -> list[Output]:
        """The browser runtime and its manifest, in RUNTIME/<hash of all of them>/, so a
        page of one deployment never loads a module of another."""
        # The service worker's template is written at the site root instead (offline.py).
        files = sorted(p for p in ASSETS.rglob("*") if p.is_file() and p != SW_TEMPLATE)
        body = json.dumps(manifest, indent=1).encode()
        digest = hashlib.sha256(body)
        for path in files:
            digest.update(path.relative_to(ASSETS).as_posix().encode())
            digest.update(path.read_bytes())
        folder = f"{RUNTIME}/{digest.hexdigest()[:12]}"
        self._runtime_dir = folder
        out = [
            Output(f"{folder}/{path.relative_to(ASSETS).as_posix()}", source=path) for path in files
        ]
        out.append(Output(f"{folder}/js/runtime.json", content=body))
        # What a start downloads, for the button offered to readers who save data.
        out.append(Output(f"{folder}/js/download.json", content=_download_json(manifest)))
        return out

    @property
    def runtime_dir(self) -> str:
        """Site path of this build's runtime folder (known once `outputs` has run)."""
        if self._runtime_dir is None:
            raise RuntimeError("the runtime folder is known only after outputs()")
        return self._runtime_dir

    def page_scripts(self) -> tuple[list[str], list[str]]:
        """(stylesheets, module scripts) every page loads, site-relative."""
        root = self.runtime_dir
        return [f"{root}/{css}" for css in STYLES], [f"{root}/{BOOT}", f"{root}/{GUIDE}"]

    # -- pages ---------------------------------------------------------------------------

    def widget_hosts(self, pages: Iterable[PageSource]) -> dict[str, str]:
        """The page URL that hosts each widget (the first in page order wins). Only real
        ```widget blocks count; a block that cannot be read is reported by its page."""
        found: dict[str, str] = {}
        for page in pages:
            try:
                blocks = find_blocks(page.text, "widget", page.path)
            except BookError:
                continue
            for block in blocks:
                try:
                    name = self._parse(block, page.path).data.get("widget")
                except BookError:
                    continue
                if isinstance(name, str):
                    found.setdefault(name.strip(), page.url)
        return found

    def expand(self, markdown: str, path: str, page_url: str, line_offset: int = 0) -> str:
        """Replace every ```diagram, ```widget and ```widget-reference block, each parsed
        and checked once, in one pass; errors name the file and its line (`line_offset`:
        lines of the file before `markdown`, such as front matter)."""
        try:
            text, _ = replace_blocks(
                markdown, KINDS, path, lambda b: self._render(b, path, page_url)
            )
        except BookError as error:
            if error.line is None or line_offset == 0:
                raise
            raise BookError(error.path, error.detail, error.line + line_offset) from None
        return text

    def _render(self, block: Block, path: str, page_url: str) -> str:
        if block.kind == "diagram":
            return render_diagram(block, path, self.settings.diagrams_dir)
        if block.kind == "widget":
            try:
                checked = read_widget_block(block, path, self.settings.registry, self._parse)
                return self._widget(checked, page_url)
            except ModelFailure as failure:  # the page's block first, then where it raised
                where = f"{failure.path}:{failure.line}"
                raise BookError(
                    path, f"{failure.detail} ({failure.where} {where})", block.line
                ) from None
        specs = reference_specs(block, path, self.settings.registry)
        return "\n\n".join(
            widget_reference(spec, page_url, self.settings.site_url, self.settings.embed_dir)
            for spec in specs
        )

    def _widget(self, checked: WidgetBlock, page_url: str) -> str:
        spec, embed_dir = checked.spec, self.settings.embed_dir
        links = WidgetLinks(
            embed=relative(page_url, embed_page(spec.name, embed_dir)) if embed_dir else "",
            sources=tuple(
                (module, relative(page_url, model_source(module))) for module in spec.model_modules
            ),
        )
        return render_widget(
            spec,
            checked.params,
            f"w{checked.block.index + 1}",
            links,
            prediction=checked.prediction,
            # One level below the section it stands in, so it nests in the outline.
            heading_level=min(6, checked.block.under + 1),
        )


def _from_manifest(site_path: str) -> str:
    """A site path as a URL relative to runtime.json (in RUNTIME/<hash>/js/)."""
    return "../" * (RUNTIME.count("/") + 3) + site_path


def body_offset(source: str, body: str) -> int:
    """How many lines of the file precede the Markdown a page hands to the generator.

    MkDocs strips the front matter (and the blank lines after it) before plugins see a
    page, so a block's line in `body` is this many lines short.
    """
    if body and source.endswith(body):
        return source[: len(source) - len(body)].count("\n")
    return 0


def _download_json(manifest: dict[str, Any]) -> bytes:
    """The bytes a reader who saves data downloads with "Start Python": Pyodide's files
    and the models' wheel (worker.js never fetches the snapshot for such a reader)."""
    total = sum(manifest["pyodide"]["sizes"].values()) + manifest["wheel"]["bytes"]
    return json.dumps({"bytes": total}).encode()
