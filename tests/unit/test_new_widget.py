"""`make widget` (build/book_authoring/new_widget.py): a scaffold that works as it is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from book_authoring.new_widget import ScaffoldError, create

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's widget package root with no widgets in it."""
    (tmp_path / "widgets").mkdir()
    shutil.copy(ROOT / "widgets" / "__init__.py", tmp_path / "widgets" / "__init__.py")
    (tmp_path / "tests" / "unit").mkdir(parents=True)
    return tmp_path


def test_scaffold_is_discovered_renders_and_passes_its_own_tests(repo: Path) -> None:
    """The new folder is found by discovery, renders at its defaults, and the test file
    it writes passes (run in a separate Python so this book's widgets are not replaced)."""
    created = create(repo, "rate-limiter")
    assert {p.relative_to(repo).as_posix() for p in created} == {
        "widgets/rate_limiter/__init__.py",
        "widgets/rate_limiter/model.py",
        "widgets/rate_limiter/spec.py",
        "tests/unit/test_rate_limiter_model.py",
    }
    check = (
        "from widgets import registry; r = registry(); assert r.names() == ('rate-limiter',);"
        "v = r.get('rate-limiter').run({}); print(v.output('throughput_rps').value)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", check], cwd=repo, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "800.0"
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr


@pytest.mark.parametrize("name", ["Rate limiter", "rate_limiter", "-x", "9lives", ""])
def test_refuses_names_that_are_not_kebab_case(repo: Path, name: str) -> None:
    """A widget name becomes a URL (/embed/<name>/), so only kebab-case is accepted."""
    with pytest.raises(ScaffoldError, match="is not a widget name"):
        create(repo, name)
    assert not any((repo / "widgets").glob("*/"))


def test_refuses_an_existing_folder(repo: Path) -> None:
    """Scaffolding over an existing widget writes nothing."""
    create(repo, "demo")
    with pytest.raises(ScaffoldError, match="already exists"):
        create(repo, "demo")
