"""The widget wheel Pyodide installs: valid, complete and reproducible."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path

from live_widgets.bundle.wheel import build_wheel


def test_wheel_is_reproducible(repo_root: Path) -> None:
    """Same sources, same bytes: the content-hashed URL only changes when code does."""
    first = build_wheel(repo_root / "widgets", "widgets")
    assert first.data == build_wheel(repo_root / "widgets", "widgets").data


def test_wheel_has_every_module_and_a_valid_record(repo_root: Path) -> None:
    """Every .py file of the widgets and of the author API (live_widgets.core) is inside,
    the generator's MkDocs code is not, and RECORD hashes match (installers check them)."""
    wheel = build_wheel(repo_root / "widgets", "widgets")
    assert wheel.filename == "widgets_live-0.1.0-py3-none-any.whl"
    archive = zipfile.ZipFile(io.BytesIO(wheel.data))
    names = set(archive.namelist())
    sources = {
        f"widgets/{p.relative_to(repo_root / 'widgets').as_posix()}"
        for p in (repo_root / "widgets").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    core = repo_root / "build" / "live_widgets" / "core"
    sources |= {f"live_widgets/core/{p.name}" for p in core.glob("*.py")}
    assert sources | {"live_widgets/__init__.py"} <= names
    assert not {"live_widgets/plugin.py", "live_widgets/generator.py"} & names
    record = archive.read("widgets_live-0.1.0.dist-info/RECORD").decode()
    for line in record.splitlines():
        name, digest, _size = line.split(",")
        if not digest:
            continue
        expected = base64.urlsafe_b64encode(hashlib.sha256(archive.read(name)).digest())
        assert digest == "sha256=" + expected.rstrip(b"=").decode(), name


def test_yaml_data_travels_as_json(tmp_path: Path) -> None:
    """Pyodide has no PyYAML: YAML data files gain a JSON twin inside the wheel."""
    package = tmp_path / "widgets"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "prices.yaml").write_text("compute:\n  price: 0.1\n  date: 2026-01-01\n")
    archive = zipfile.ZipFile(io.BytesIO(build_wheel(package, "widgets").data))
    data = json.loads(archive.read("widgets/prices.json"))
    assert data == {"compute": {"price": 0.1, "date": "2026-01-01"}}
