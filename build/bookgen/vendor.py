"""Browser libraries served by the site itself, copied from node_modules at build time.

Versions are pinned exactly in package.json; the build refuses to vendor anything
else, so a page can never load a library version the repository did not choose.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bookgen.errors import BookError
from bookgen.site_paths import VENDOR


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


def vendored(root: Path) -> list[Vendored]:
    """Every vendored package with its files; fails clearly if node_modules is missing or stale."""
    pins = pinned_versions(root / "package.json")
    result = []
    for package, (subdir, patterns) in _PICKS.items():
        folder = root / "node_modules" / package
        manifest = folder / "package.json"
        if not manifest.is_file():
            raise BookError(
                "package.json",
                f"{package} is not installed: run `npm ci` (or `make serve`, which does it)",
            )
        installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        if installed != pins.get(package):
            raise BookError(
                "package.json",
                f"{package} {installed} is installed but {pins.get(package)} is pinned: run `npm ci`",
            )
        base = folder / subdir
        dest_dir = f"{VENDOR}/{package}"
        files = []
        for pattern in patterns:
            matches = sorted(base.glob(pattern))
            if not matches:
                raise BookError(f"node_modules/{package}", f"expected {pattern} in {package}")
            files.extend(
                (path, f"{dest_dir}/{path.relative_to(base).as_posix()}") for path in matches
            )
        result.append(Vendored(package, installed, dest_dir, tuple(files)))
    return result


def trimmed_lockfile(pyodide_dir: Path) -> dict[str, object]:
    """Pyodide's lock file with only what the book uses: its `info`, and no packages.

    The widgets need no package from Pyodide's distribution (their wheel is loaded by
    URL and depends on nothing), so the worker hands Pyodide this instead of having it
    fetch and index the 119 kB lock of 350 packages at every start.
    """
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    return {"info": lock["info"], "packages": {}}
