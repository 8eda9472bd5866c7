"""Rules CONTRIBUTING.md gives a contributor that no other check enforces: every test
says what it protects, and every widget comes with tests of its model."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIDGET_PACKAGES = sorted(path.parent.name for path in (ROOT / "widgets").glob("[!_]*/spec.py"))


def test_every_test_says_in_a_line_what_it_protects() -> None:
    """Each test function in tests/ has a docstring (the book's rule for its tests), so a
    failure says what broke: listed by file and line."""
    silent = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
        for path in sorted((ROOT / "tests").rglob("test_*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
        and not ast.get_docstring(node)
    ]
    assert silent == [], "give each a one-line docstring: what it protects"


@pytest.mark.parametrize("package", WIDGET_PACKAGES)
def test_every_widget_has_tests_of_its_model(package: str) -> None:
    """A widget's model is checked against an independent formula or theory in its own
    file, tests/unit/test_<package>_model.py (make widget writes one to start from)."""
    tests = ROOT / "tests" / "unit" / f"test_{package}_model.py"
    assert tests.is_file(), f"widgets/{package}/ has no {tests.relative_to(ROOT)}"
    tree = ast.parse(tests.read_text(encoding="utf-8"))
    names = [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    assert any(name.startswith("test_") for name in names), f"{tests.name} has no test"
