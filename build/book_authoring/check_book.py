"""Check the book's sources the way a pull request is checked.

    .venv/bin/python -m book_authoring.check_book            # the book in this repository
    .venv/bin/python -m book_authoring.check_book --root DIR # another tree (content/, diagrams/)

Prints `path:line: message` for each problem and exits 1 if there is any
(see build/book_authoring/checks/ for the rules). `make check` runs it, and so does
`make test`, before pytest.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from book_authoring.checks import check_root

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the book's chapters and diagrams.")
    parser.add_argument(
        "--root", type=Path, default=REPO, help="folder holding content/ and diagrams/"
    )
    args = parser.parse_args(argv)

    root: Path = args.root.resolve()
    if not (root / "content").is_dir():
        print(f"{root}: no content/ folder here", file=sys.stderr)
        return 2
    problems = check_root(root)
    for problem in problems:
        print(problem)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"check_book: {len(problems)} {noun}", file=sys.stderr)
        return 1
    print("check_book: no problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
