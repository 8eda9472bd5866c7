"""A memory snapshot of Pyodide with the widget models imported and warmed.

Restoring it in the browser skips Python's start-up (seconds of CPU on a small
machine). It is made at build time with Node from the same pinned Pyodide and the
same wheel, cached under .cache/snapshots by a key over all three inputs, and
shipped gzip-compressed. The browser uses it only when the manifest's versions
match what it loaded, and starts Python normally if anything about it fails.

Set BOOK_SNAPSHOT=0 to build without one (faster rebuilds while writing models).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.bookgen.snapshot")

MAKER = Path(__file__).resolve().parents[1] / "snapshot" / "make_snapshot.mjs"
NODE_TIMEOUT_S = 180


@dataclass(frozen=True)
class Snapshot:
    key: str
    data: bytes  # gzip-compressed


def snapshot_key(pyodide_version: str, wheel_digest: str) -> str:
    maker = hashlib.sha256(MAKER.read_bytes()).hexdigest()
    text = f"{pyodide_version}\n{wheel_digest}\n{maker}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def wanted() -> bool:
    return os.environ.get("BOOK_SNAPSHOT", "1") not in {"0", "false", "no"}


def make_snapshot(
    root: Path, pyodide_dir: Path, pyodide_version: str, wheel_name: str, wheel_data: bytes
) -> Snapshot | None:
    """The snapshot for these inputs, from the cache or made now; None if it cannot be made."""
    if not wanted():
        return None
    digest = hashlib.sha256(wheel_data).hexdigest()[:12]
    key = snapshot_key(pyodide_version, digest)
    cached = root / ".cache" / "snapshots" / f"{key}.snap.gz"
    if cached.is_file():
        return Snapshot(key, cached.read_bytes())
    node = shutil.which("node")
    if node is None:
        log.warning("No Node.js found: building without a Python snapshot (slower start).")
        return None
    with tempfile.TemporaryDirectory(prefix="book-snapshot-") as tmp:
        wheel = Path(tmp) / wheel_name
        wheel.write_bytes(wheel_data)
        raw = Path(tmp) / "widgets.snap"
        try:
            subprocess.run(
                [node, str(MAKER), str(pyodide_dir), str(wheel), str(raw)],
                check=True,
                capture_output=True,
                text=True,
                timeout=NODE_TIMEOUT_S,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            detail = getattr(error, "stderr", "") or str(error)
            log.warning(
                "Python snapshot not made (%s); pages start Python normally.", detail[-400:]
            )
            return None
        data = gzip.compress(raw.read_bytes(), compresslevel=6, mtime=0)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(data)
    for old in cached.parent.glob("*.snap.gz"):
        if old != cached:
            old.unlink()
    return Snapshot(key, data)
