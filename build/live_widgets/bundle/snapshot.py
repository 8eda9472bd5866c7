"""A memory snapshot of Pyodide with the widget models imported and warmed.

Restoring it in the browser skips Python's start-up (seconds of CPU on a small
machine). It is made at build time with Node from the same pinned Pyodide and the
same wheel, packed (its zero pages left out, see snapshot_pack.py), gzip-compressed,
and cached under .cache/snapshots by a key over all its inputs. The browser uses it
only when the manifest's versions match what it loaded, and starts Python normally
if anything about it fails.

The plugin's `snapshot: false` builds without one (faster rebuilds while writing
models); this book's mkdocs.yml sets it from BOOK_SNAPSHOT. Under `mkdocs serve` the
snapshot is compressed quickly (`quick`): level 9 takes about 3.9 s for 1 % fewer bytes
than level 6 (0.6 s), worth it for readers, not for an author waiting on each model edit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from live_widgets.bundle.snapshot_pack import Run, pack
from live_widgets.bundle.wheel import Wheel

log = logging.getLogger("mkdocs.live_widgets.bundle.snapshot")

MAKER = Path(__file__).resolve().parent / "make_snapshot.mjs"
MODEL_ERROR = "live-widgets model error: "  # how make_snapshot.mjs marks Python's own error
NODE_TIMEOUT_S = 180
# Bump when the packed form changes, so no cached snapshot of the old form is served.
FORMAT = "packed-1"
SHIPPED_LEVEL = 9  # gzip level of a snapshot that readers download
QUICK_LEVEL = 6  # under `mkdocs serve`: 7.41 MB in 0.6 s against 7.33 MB in 3.9 s


class ModelsFailInPyodide(Exception):
    """The widget models did not load or run in Pyodide while the snapshot was made:
    Python's last line, usually a module that CPython has and Pyodide has not."""

    def __init__(self, said: str) -> None:
        # A widget folder that does not load already says file:line: what.
        said = re.sub(r"^(?:\w+\.)*WidgetDeclarationError: ", "", said)
        super().__init__(
            f"the widget models fail in Pyodide, as they would in every reader's browser: "
            f"{said} (a widget's model may import Python's standard library only)"
        )


@dataclass(frozen=True)
class Snapshot:
    key: str
    data: bytes  # the packed snapshot (its non-zero runs), gzip-compressed
    size: int  # bytes of the whole snapshot, zeros included
    runs: tuple[Run, ...]  # where each piece of the packed data goes

    @property
    def digest(self) -> str:
        """A hash of the shipped bytes: the URL holds it, so the browser's copy in Cache
        Storage always belongs to the layout the manifest states."""
        return hashlib.sha256(self.data).hexdigest()[:16]

    @cached_property
    def packed_sha256(self) -> str:
        """The sha256 of the packed bytes (as inflated in the browser): a copy kept in
        Cache Storage is used only if it still has this hash."""
        return hashlib.sha256(gzip.decompress(self.data)).hexdigest()

    @property
    def packed_size(self) -> int:
        return sum(run.length for run in self.runs)

    def manifest(self) -> dict[str, object]:
        """What the browser needs to unpack it (the URL and versions are added by the caller)."""
        return {
            "bytes": len(self.data),
            "size": self.size,
            "packed": self.packed_size,
            "sha256": self.packed_sha256,
            "runs": [[run.offset, run.length] for run in self.runs],
        }


def snapshot_key(pyodide_version: str, wheel_digest: str, level: int = SHIPPED_LEVEL) -> str:
    """The cache key: every input of the snapshot, and the compression level, so a quick
    snapshot made under `mkdocs serve` is never the one a later `mkdocs build` ships."""
    maker = hashlib.sha256(MAKER.read_bytes()).hexdigest()
    text = f"{pyodide_version}\n{wheel_digest}\n{maker}\n{FORMAT}\n{level}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def make_snapshot(
    cache_dir: Path,
    pyodide_dir: Path,
    pyodide_version: str,
    wheel: Wheel,
    package: str,
    wanted: bool = True,
    quick: bool = False,
) -> Snapshot | None:
    """The snapshot for these inputs, from the cache or made now; None if it is not
    wanted or cannot be made (pages then start Python normally). `quick` compresses it
    at QUICK_LEVEL (for `mkdocs serve`), otherwise at SHIPPED_LEVEL."""
    if not wanted:
        return None
    level = QUICK_LEVEL if quick else SHIPPED_LEVEL
    key = snapshot_key(pyodide_version, f"{wheel.digest}:{package}", level)
    cache = cache_dir / "snapshots"
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    raw = _run_maker(pyodide_dir, wheel.filename, wheel.data, package)
    if raw is None:
        return None
    packed = pack(raw)
    snapshot = Snapshot(
        key, gzip.compress(packed.data, compresslevel=level, mtime=0), packed.size, packed.runs
    )
    _write_cache(cache, snapshot)
    return snapshot


def _run_maker(pyodide_dir: Path, wheel_name: str, wheel_data: bytes, package: str) -> bytes | None:
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
                [node, str(MAKER), str(pyodide_dir), str(wheel), str(raw), package],
                check=True,
                capture_output=True,
                text=True,
                timeout=NODE_TIMEOUT_S,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            detail = getattr(error, "stderr", "") or str(error)
            said = [line for line in detail.splitlines() if line.startswith(MODEL_ERROR)]
            if said:  # the models fail in Pyodide: so would every widget in the browser
                raise ModelsFailInPyodide(said[-1].removeprefix(MODEL_ERROR)) from None
            log.warning(
                "Python snapshot not made (%s); pages start Python normally.", detail[-400:]
            )
            return None
        return raw.read_bytes()


def _read_cache(cache: Path, key: str) -> Snapshot | None:
    data, layout = cache / f"{key}.snap.gz", cache / f"{key}.json"
    if not (data.is_file() and layout.is_file()):
        return None
    try:
        facts = json.loads(layout.read_text(encoding="utf-8"))
        runs = tuple(Run(int(offset), int(length)) for offset, length in facts["runs"])
        return Snapshot(key, data.read_bytes(), int(facts["size"]), runs)
    except (ValueError, KeyError, TypeError):
        return None  # a damaged cache entry is made again


def _write_cache(cache: Path, snapshot: Snapshot) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob("*"):
        old.unlink()
    (cache / f"{snapshot.key}.snap.gz").write_bytes(snapshot.data)
    layout = {"size": snapshot.size, "runs": [[r.offset, r.length] for r in snapshot.runs]}
    (cache / f"{snapshot.key}.json").write_text(json.dumps(layout), encoding="utf-8")
