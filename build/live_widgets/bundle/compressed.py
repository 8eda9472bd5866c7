"""Pyodide's binary, gzip-compressed at build time for the browser to inflate.

pyodide.asm.wasm is 9.6 MB and gzips to 3.5 MB. Some hosts compress it in transit,
many do not (GitLab Pages serves only files compressed ahead of time; so do servers
set up like nginx's gzip_static or OpenBSD's httpd), and a reader on a phone pays for
every byte. So the build ships a compressed copy beside the pinned one, and the worker
inflates it with the browser's DecompressionStream while compiling it
(assets/js/worker.js). The pinned original stays: a browser without
DecompressionStream fetches it, and so may anything else that loads the vendored
Pyodide.

The copy ends in .bin, not .gz: a host that sees .gz may add Content-Encoding, and the
browser would then inflate it in transit (worker.js copes with that too: it inflates
only bytes that start as gzip does). Compressing takes about a second, so the result is
cached under the build's cache folder by a hash of the original.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".gzip.bin"
"""Added to the original's name: pyodide.asm.wasm -> pyodide.asm.wasm.gzip.bin."""


@dataclass(frozen=True)
class Compressed:
    name: str  # the compressed copy's file name
    data: bytes  # its bytes (gzip)
    size: int  # bytes of the original, as inflated


def compressed_copy(original: Path, cache_dir: Path) -> Compressed:
    """The gzip copy of `original`, from the cache or made now (level 9, no timestamp,
    so the same original always gives the same bytes)."""
    raw = original.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()[:16]
    cached = cache_dir / "compressed" / f"{digest}.gz"
    if cached.is_file():
        data = cached.read_bytes()
    else:
        data = gzip.compress(raw, compresslevel=9, mtime=0)
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(cached)  # a build stopped half-way leaves no broken entry
    return Compressed(original.name + SUFFIX, data, len(raw))
