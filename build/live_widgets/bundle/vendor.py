"""Browser libraries served by the site itself, copied from node_modules at build time.

Versions are pinned exactly in package.json; the build refuses to vendor anything
else, so a page can never load a library version the repository did not choose.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from live_widgets.errors import BookError
from live_widgets.site_paths import VENDOR


@dataclass(frozen=True)
class Vendored:
    package: str
    version: str
    dest_dir: str  # site-relative folder
    files: tuple[tuple[Path, str], ...]  # (absolute source, site-relative destination)


# What each package contributes: glob patterns relative to the package folder.
_PICKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pyodide": (
        "",
        (
            "pyodide.mjs",
            "pyodide.asm.mjs",
            "pyodide.asm.wasm",
            "python_stdlib.zip",
            "pyodide-lock.json",
        ),
    ),
    "mermaid": ("dist", ("mermaid.esm.min.mjs", "chunks/mermaid.esm.min/*.mjs")),
}


def pinned_versions(package_json: Path) -> dict[str, str]:
    data = json.loads(package_json.read_text(encoding="utf-8"))
    return dict(data.get("dependencies", {}))


def vendored(node_modules: Path, *, mermaid: bool = False) -> list[Vendored]:
    """Every vendored package with its files (Pyodide always, Mermaid when diagrams are
    drawn with it); fails clearly if node_modules is missing or holds another version
    than the project's package.json pins (when there is one beside node_modules)."""
    pinned = node_modules.parent / "package.json"
    pins = pinned_versions(pinned) if pinned.is_file() else {}
    result = []
    for package, (subdir, patterns) in _PICKS.items():
        if package == "mermaid" and not mermaid:
            continue
        folder = node_modules / package
        manifest = folder / "package.json"
        if not manifest.is_file():
            raise BookError(
                "package.json",
                f"{package} is not installed in {node_modules}: run `npm ci` beside "
                f"package.json (or `npm install --save-exact {package}@<version>`)",
            )
        installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        pin = pins.get(package)
        if pin is not None and not pin[:1].isdigit():
            raise BookError(
                "package.json",
                f"{package} is pinned as {pin!r}, a range, but the site serves one exact "
                f"version: run `npm install --save-exact {package}@{installed}`",
            )
        if package in pins and installed != pins[package]:
            raise BookError(
                "package.json",
                f"{package} {installed} is installed but {pins.get(package)} is pinned: run `npm ci`",
            )
        base = folder / subdir
        dest_dir = f"{VENDOR}/{package}"
        files: list[tuple[Path, str]] = []
        for pattern in patterns:
            matches = sorted(base.glob(pattern))
            if not matches:
                raise BookError(f"node_modules/{package}", f"expected {pattern} in {package}")
            files.extend(
                (path, f"{dest_dir}/{path.relative_to(base).as_posix()}") for path in matches
            )
        result.append(Vendored(package, installed, dest_dir, tuple(files)))
    return result
