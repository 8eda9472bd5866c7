"""Build the pure-Python wheel of `widgets/` that Pyodide installs in the browser.

The wheel is written in memory, byte-for-byte reproducible (sorted entries, fixed
timestamps), and named with a content hash in its folder so browsers never use a
stale copy. Data files that the browser cannot parse (YAML: Pyodide has no PyYAML)
are converted to JSON inside the wheel.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

VERSION = "0.1.0"
_EPOCH = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Wheel:
    filename: str
    data: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:12]


def _members(package_dir: Path, prefix: str) -> list[tuple[str, bytes]]:
    members = []
    for path in sorted(package_dir.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        arcname = f"{prefix}/{path.relative_to(package_dir).as_posix()}"
        if path.suffix == ".py":
            members.append((arcname, path.read_bytes()))
        elif path.suffix in {".yaml", ".yml"}:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            members.append((arcname, path.read_bytes()))
            json_name = arcname.rsplit(".", 1)[0] + ".json"
            members.append((json_name, json.dumps(data, sort_keys=True, default=str).encode()))
        elif path.suffix == ".json" and path.with_suffix(".yaml").exists():
            continue  # generated from the YAML above
        elif path.suffix in {".json", ".txt"}:
            members.append((arcname, path.read_bytes()))
    return members


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


CORE = Path(__file__).resolve().parents[1] / "core"
"""The author API the widgets import (standard library only): shipped in every wheel."""


def dist_name(package: str) -> str:
    """The wheel's distribution name for a widget package: `widgets` -> `widgets_live`."""
    return f"{package}_live".replace("-", "_")


def build_wheel(package_dir: Path, package: str) -> Wheel:
    """The widgets of `package_dir` (imported as `package`) plus `live_widgets.core`."""
    dist = dist_name(package)
    init = CORE.parent / "__init__.py"
    members = [
        ("live_widgets/__init__.py", init.read_bytes()),
        *_members(CORE, "live_widgets/core"),
        *_members(package_dir, package),
    ]
    dist_info = f"{dist}-{VERSION}.dist-info"
    metadata = (
        f"Metadata-Version: 2.1\nName: {dist.replace('_', '-')}\nVersion: {VERSION}\n"
        "Summary: Widget models for live_widgets (pure Python)\nRequires-Python: >=3.11\n"
    ).encode()
    wheel_meta = (
        b"Wheel-Version: 1.0\nGenerator: live_widgets\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    members += [(f"{dist_info}/METADATA", metadata), (f"{dist_info}/WHEEL", wheel_meta)]
    record = "\n".join([*(_record_line(n, d) for n, d in members), f"{dist_info}/RECORD,,"]) + "\n"
    members.append((f"{dist_info}/RECORD", record.encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return Wheel(f"{dist}-{VERSION}-py3-none-any.whl", buffer.getvalue())
