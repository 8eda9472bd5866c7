"""Scaffold a widget: one folder under widgets/ and its test, ready to place with a block.

    .venv/bin/python -m book_authoring.new_widget demo [--root DIR]
    make widget NAME=demo

Creates widgets/<package>/ (__init__.py, model.py, spec.py) and
tests/unit/test_<package>_model.py from build/book_authoring/templates/widget/, then prints
the ```widget block to paste into a chapter. Nothing else needs an edit: the plugin finds
the folder, and the generic tests cover the new widget (embed page, guide entry, wheel,
snapshot warm-up, browser tests).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from live_widgets.core.spec import WIDGET_NAME

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates" / "widget"


class ScaffoldError(Exception):
    """Why the widget cannot be created; nothing has been written."""


def create(root: Path, name: str) -> list[Path]:
    """Write the widget's files; returns them. Refuses a bad or taken name."""
    if not WIDGET_NAME.match(name):
        raise ScaffoldError(
            f"'{name}' is not a widget name: use lower-case words joined by hyphens, "
            "e.g. rate-limiter (it becomes the embed URL /embed/<name>/)"
        )
    package = name.replace("-", "_")
    folder = root / "widgets" / package
    test = root / "tests" / "unit" / f"test_{package}_model.py"
    if folder.exists():
        raise ScaffoldError(f"widgets/{package}/ already exists")
    title = name.replace("-", " ").capitalize()
    values = {"name": name, "package": package, "title": title}
    planned = {
        folder / "__init__.py": "__init__.py.tmpl",
        folder / "model.py": "model.py.tmpl",
        folder / "spec.py": "spec.py.tmpl",
        test: "test_model.py.tmpl",
    }
    folder.mkdir(parents=True)
    for path, template in planned.items():
        path.write_text((TEMPLATES / template).read_text(encoding="utf-8").format(**values))
    return list(planned)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scaffold a widget of the book.")
    parser.add_argument("name", help="the widget's name, e.g. rate-limiter")
    parser.add_argument("--root", type=Path, default=HERE.parents[1], help="the repository")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    try:
        created = create(root, args.name)
    except ScaffoldError as error:
        print(f"new_widget: {error}", file=sys.stderr)
        return 1
    for path in created:
        print(f"Created {path.relative_to(root)}")
    print("Place it in a chapter with this block:\n")
    print(f"```widget\nwidget: {args.name}\n```\n")
    package = args.name.replace("-", "_")
    print("Then write its summary, the model and its tests against an independent formula.")
    print("While you work, `make check` and only this widget's tests (a minute or two):\n")
    print(f'.venv/bin/pytest tests -k "{args.name} or {package}"\n')
    print("Before the pull request, `make test` runs everything (30-40 minutes on two cores).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
