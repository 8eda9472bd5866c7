"""Vendored browser libraries: exactly the pinned versions, or a clear failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from live_widgets.bundle.vendor import pinned_versions, vendored
from live_widgets.errors import BookError


def test_pins_are_exact_versions(repo_root: Path) -> None:
    """package.json pins pyodide and mermaid exactly (no ^ or ~ ranges)."""
    pins = pinned_versions(repo_root / "package.json")
    assert set(pins) >= {"pyodide", "mermaid"}
    for version in pins.values():
        assert version[0].isdigit(), version


def test_vendors_pyodide_core_and_mermaid_esm(repo_root: Path) -> None:
    """The site gets Pyodide's core files and Mermaid's ESM build with its chunks."""
    dests = {
        dest
        for package in vendored(repo_root / "node_modules", mermaid=True)
        for _, dest in package.files
    }
    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert f"assets/vendor/pyodide/{name}" in dests
    assert "assets/vendor/mermaid/mermaid.esm.min.mjs" in dests
    assert any(d.startswith("assets/vendor/mermaid/chunks/") for d in dests)
    assert not any(d.endswith(".map") for d in dests)


def test_version_mismatch_is_refused(repo_root: Path, tmp_path: Path) -> None:
    """A node_modules that drifted from package.json stops the build with the fix."""
    fake = tmp_path
    (fake / "package.json").write_text(
        json.dumps({"dependencies": {"pyodide": "0.0.1", "mermaid": "1"}})
    )
    shutil.copytree(repo_root / "node_modules" / "pyodide", fake / "node_modules" / "pyodide")
    with pytest.raises(
        BookError, match=r"pyodide .* is installed but 0\.0\.1 is pinned: run `npm ci`"
    ):
        vendored(fake / "node_modules")


def test_mermaid_is_vendored_only_for_sites_that_draw_diagrams(repo_root: Path) -> None:
    """A site without mkdocs-mermaid2 gets Pyodide only, not 2.5 MB of Mermaid."""
    packages = vendored(repo_root / "node_modules")
    assert [package.package for package in packages] == ["pyodide"]


def test_a_range_pin_is_refused_with_the_command_that_pins_it(
    repo_root: Path, tmp_path: Path
) -> None:
    """A course site whose package.json says ^314.0.7 (npm's default) is told how to pin
    the version it has installed, not to run npm ci, which keeps the range."""
    installed = json.loads((repo_root / "node_modules" / "pyodide" / "package.json").read_text())
    (tmp_path / "package.json").write_text(
        json.dumps({"dependencies": {"pyodide": "^" + installed["version"]}})
    )
    shutil.copytree(repo_root / "node_modules" / "pyodide", tmp_path / "node_modules" / "pyodide")
    with pytest.raises(BookError, match=r"npm install --save-exact pyodide@"):
        vendored(tmp_path / "node_modules")
