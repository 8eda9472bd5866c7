"""`make widget` (build/book_authoring/new_widget.py): a scaffold that works as it is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from book_authoring.new_widget import ScaffoldError, create
from tests.unit.test_reader_text import ONE_PLURAL

ROOT = Path(__file__).resolve().parents[2]
_ALT_AT_ONE = "Throughput grows in a straight line with the servers: 1 req/s at 1 server."


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's widget package root with no widgets in it."""
    (tmp_path / "widgets").mkdir()
    shutil.copy(ROOT / "widgets" / "__init__.py", tmp_path / "widgets" / "__init__.py")
    (tmp_path / "tests" / "unit").mkdir(parents=True)
    return tmp_path


def _python(repo: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a separate Python inside `repo` (its widgets, not this book's); it
    must exit cleanly."""
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    return ran


def _declaration_error(repo: Path) -> str:
    """What loading `repo`'s widgets reports as a WidgetDeclarationError (else nothing)."""
    check = (
        "from live_widgets.core.registry import WidgetDeclarationError\n"
        "from widgets import registry\n"
        "try:\n    registry()\nexcept WidgetDeclarationError as error:\n    print(error)\n"
    )
    return _python(repo, check).stdout.strip()


def _rename(repo: Path, widget: str, declared: str) -> None:
    """Replace the scaffolded `name="<widget>"` in its spec.py with `declared`."""
    spec = repo / "widgets" / widget.replace("-", "_") / "spec.py"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace(f'name="{widget}"', declared, 1), encoding="utf-8")


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
        "v = r.get('rate-limiter').run({}); print(v.output('throughput_rps').value);"
        "one = r.get('rate-limiter').run({'servers': 1, 'per_server_rps': 1});"
        "print(one.summary); print(one.figures[0].alt)"
    )
    ran = _python(repo, check)
    value, *said = ran.stdout.strip().split("\n")
    assert value == "800.0"
    # At one server its text follows the reader-text rules every widget is held to.
    assert said == ["1 server of 1 req/s serves 1 req/s.", _ALT_AT_ONE], said
    assert not any(ONE_PLURAL.search(text) for text in said)
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


@pytest.mark.parametrize(
    ("mistake", "replace", "expected"),
    [
        (
            "a default outside its range",
            ("default=4,", "default=500,"),
            "parameter servers: default 500 is outside its range, 1 to 64 servers",
        ),
        (
            "a misspelt import",
            ("import compact, counted", "import compcat, counted"),
            "cannot import name 'compcat'",
        ),
        ("broken syntax", ("def render(", "def render(("), ""),
    ],
)
def test_a_mistake_in_a_widget_is_reported_at_its_file_and_line(
    repo: Path, mistake: str, replace: tuple[str, str], expected: str
) -> None:
    """Loading the widgets names the widget's file and the line of the mistake, with what
    is wrong, instead of leaving a contributor a traceback through the registry."""
    create(repo, "rate-limiter")
    spec = repo / "widgets" / "rate_limiter" / "spec.py"
    old, new = replace
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = 1 + text[: text.index(old)].count("\n")
    said = _declaration_error(repo)
    where, _, what = said.partition(": ")
    path, _, at = where.rpartition(":")
    assert path == "widgets/rate_limiter/spec.py", (mistake, said)
    # A default out of range is reported at its own `default=` line, not at `NumberParam(`;
    # other mistakes in a call spread over lines at most at the call's first line.
    if "default" in mistake:
        assert int(at) == line, (mistake, said)
    assert int(at) <= line and line - int(at) < 12, (mistake, said)
    assert expected in what, (mistake, said)


def test_two_widgets_with_one_name_are_named_by_their_folders(repo: Path) -> None:
    """A spec that copies another widget's name (easy when a folder is copied) is reported
    at its own spec.py, naming the folder that has the name already, not as a traceback."""
    create(repo, "alpha")
    create(repo, "beta")
    _rename(repo, "beta", 'name="alpha"')
    said = _declaration_error(repo)
    assert said == (
        "widgets/beta/spec.py: the widget name `alpha` is already taken by "
        "widgets/alpha/spec.py: each widget needs a name of its own"
    ), said


def test_a_spec_whose_name_is_not_kebab_case_is_reported_at_its_file(repo: Path) -> None:
    """A widget's name is its URL: a spec renamed by hand to "Rate_Limiter" is refused where
    it is declared, as `make widget` refuses it, instead of building /embed/Rate_Limiter/."""
    create(repo, "rate-limiter")
    _rename(repo, "rate-limiter", 'name="Rate_Limiter"')
    said = _declaration_error(repo)
    assert said.startswith("widgets/rate_limiter/spec.py:"), said
    assert "'Rate_Limiter' is not a widget name: use lower-case words joined by hyphens" in said
