"""The lock file the browser hands Pyodide: its `info`, and the widget wheel as a package.

The wheel's entry is written by pyodide-build's own `pyodide lockfile add-wheels`, so it
has the form Pyodide expects, with the wheel's sha256: Pyodide then loads the models by
name and refuses a wheel whose bytes differ. Pyodide's 350 other packages are left out
(the widgets need none of them), which spares the browser fetching and indexing its
119 kB lock at every start. Entries are cached by the wheel's hash.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from live_widgets.errors import BookError


def pyodide_cli() -> str | None:
    """pyodide-build's command, beside this Python if it is installed there."""
    beside = Path(sys.executable).with_name("pyodide")
    return str(beside) if beside.is_file() else shutil.which("pyodide")


def lock_with_wheel(
    pyodide_dir: Path, wheel_name: str, wheel_data: bytes, wheel_url_base: str, cache: Path
) -> dict[str, object]:
    """Pyodide's lock `info` plus one package: the wheel, at `wheel_url_base` + its name."""
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    trimmed = {"info": lock["info"], "packages": {}}
    import hashlib

    key = hashlib.sha256(
        json.dumps([trimmed, wheel_name, wheel_url_base]).encode() + wheel_data
    ).hexdigest()[:16]
    cached = cache / f"lock-{key}.json"
    if cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    cli = pyodide_cli()
    if cli is None:
        raise BookError(
            "pyodide-build",
            "the `pyodide` command is missing: install pyodide-build and pyodide-lock[wheel] "
            "in the environment that runs MkDocs (installing this plugin brings them)",
        )
    with tempfile.TemporaryDirectory(prefix="live-widgets-lock-") as tmp:
        folder = Path(tmp)
        (folder / wheel_name).write_bytes(wheel_data)
        (folder / "in.json").write_text(json.dumps(trimmed), encoding="utf-8")
        done = subprocess.run(
            [
                cli, "lockfile", "add-wheels",
                "--input", str(folder / "in.json"),
                "--output", str(folder / "out.json"),
                "--base-path", str(folder),
                "--wheel-url", wheel_url_base,
                str(folder / wheel_name),
            ],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        if done.returncode != 0 or not (folder / "out.json").is_file():
            raise BookError(
                "pyodide-lock.json",
                f"`pyodide lockfile add-wheels` failed: {(done.stderr or done.stdout)[-400:]}",
            )
        result = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob("lock-*.json"):
        old.unlink()
    cached.write_text(json.dumps(result), encoding="utf-8")
    return result
