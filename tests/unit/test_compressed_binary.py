"""Pyodide's binary ships gzip-compressed beside the pinned original: the copy inflates
to the original byte for byte, is the same bytes on every build, and the manifest sends
the browser to it with the sizes its progress counts."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from book_bench.site_server import Served, runtime_dir
from live_widgets.bundle.compressed import SUFFIX, compressed_copy


def test_the_copy_inflates_to_the_original_and_is_the_same_every_time(tmp_path: Path) -> None:
    """Level 9 with no timestamp: one original, one set of bytes, whether made now or
    read back from the cache (a second build must not change the site)."""
    original = tmp_path / "pyodide.asm.wasm"
    original.write_bytes(b"\x00asm\x01\x00\x00\x00" + bytes(range(256)) * 400)
    made = compressed_copy(original, tmp_path / "cache")
    again = compressed_copy(original, tmp_path / "cache")
    fresh = compressed_copy(original, tmp_path / "other-cache")
    assert gzip.decompress(made.data) == original.read_bytes()
    assert made == again == fresh
    assert made.name == "pyodide.asm.wasm" + SUFFIX
    assert made.size == original.stat().st_size
    assert len(made.data) < made.size


def test_a_changed_original_gets_its_own_copy(tmp_path: Path) -> None:
    """The cache is keyed by the original's bytes: a new Pyodide never gets the old copy."""
    original = tmp_path / "pyodide.asm.wasm"
    original.write_bytes(b"one" * 1000)
    first = compressed_copy(original, tmp_path)
    original.write_bytes(b"two" * 1000)
    assert gzip.decompress(compressed_copy(original, tmp_path).data) == b"two" * 1000
    assert gzip.decompress(first.data) == b"one" * 1000


def test_the_built_site_sends_the_browser_to_the_copy(site: Served) -> None:
    """The manifest names the gzip copy, counts its size (not the original's) among the
    files a start fetches, and states the original's size for a browser that cannot
    inflate; the copy on the site inflates to the vendored binary."""
    folder = runtime_dir(site.root)
    manifest = json.loads((folder / "runtime.json").read_text())
    binary = manifest["pyodide"]["binary"]
    copy = (folder / binary["url"]).resolve()
    original = copy.with_name("pyodide.asm.wasm")
    assert gzip.decompress(copy.read_bytes()) == original.read_bytes()
    assert binary["size"] == original.stat().st_size
    sizes = manifest["pyodide"]["sizes"]
    assert sizes[copy.name] == copy.stat().st_size
    assert "pyodide.asm.wasm" not in sizes
