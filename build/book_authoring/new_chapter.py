"""Start a new chapter: `make chapter NAME="Rate limiting"`.

    .venv/bin/python -m book_authoring.new_chapter "Rate limiting" [--root DIR]

Creates content/<slug>.md from build/book_authoring/templates/chapter.md (front matter, stage card,
every required section with guidance, five Check yourself placeholders, Further
reading, a diagram block), diagrams/<slug>.mmd from templates/diagram.mmd (a minimal
flowchart with its accessibility title and description), and adds the page to mkdocs.yml's nav as the
next numbered chapter, just before "Appendix". Only that one line of mkdocs.yml
changes: comments and layout stay as they are. An existing slug is refused.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "templates" / "chapter.md"
# Folders the built site already uses: a page with this slug would collide with them.
RESERVED = {"assets", "embed", "search", "index", "404"}

DIAGRAM_TEMPLATE = HERE / "templates" / "diagram.mmd"

_NAV_CHAPTER = re.compile(
    r"^(?P<indent>[ \t]*)- (?P<quote>[\"']?)(?P<number>\d+)\.\s+(?P<label>.+?)(?P=quote):"
    r"\s+(?P<file>\S+\.md)\s*(?:#.*)?$"
)
_NAV_APPENDIX = re.compile(r"^(?P<indent>[ \t]*)- (?P<quote>[\"']?)Appendix(?P=quote):\s*(?:#.*)?$")


class ScaffoldError(Exception):
    """Why the chapter cannot be created; nothing has been written."""


@dataclass(frozen=True)
class Scaffold:
    title: str
    slug: str
    number: int
    chapter: Path
    diagram: Path
    nav_line: str
    previous: str | None  # file name of the chapter before it in the nav


def slugify(name: str) -> str:
    """'Rate limiting' -> 'rate-limiting' (ASCII letters, digits and hyphens)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def yaml_text(value: str) -> str:
    """`value` as a YAML scalar: plain when that reads back unchanged, else double-quoted."""
    try:
        if yaml.safe_load(f"key: {value}") == {"key": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _front_matter_title(page: Path) -> str | None:
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    match = re.match(r"^---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", text, re.S)
    if not match:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else None


def plan(root: Path, name: str) -> tuple[Scaffold, str, str, str]:
    """What to write (the scaffold, chapter text, diagram text, new mkdocs.yml text)."""
    title = " ".join(name.split())
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"cannot make a file name from {name!r}: use letters or digits")
    if slug in RESERVED:
        raise ScaffoldError(f"'{slug}' is a folder the site already uses; choose another name")
    chapter = root / "content" / f"{slug}.md"
    diagram = root / "diagrams" / f"{slug}.mmd"
    for path in (chapter, diagram):
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root)} already exists: choose another name")
    config_path = root / "mkdocs.yml"
    config = config_path.read_text(encoding="utf-8")
    if re.search(rf"^\s*-\s.*:\s+{re.escape(slug)}\.md\s*$", config, re.M):
        raise ScaffoldError(f"mkdocs.yml's nav already lists {slug}.md")

    lines = config.split("\n")
    chapters = [(i, m) for i, line in enumerate(lines) if (m := _NAV_CHAPTER.match(line))]
    appendix = next((i for i, line in enumerate(lines) if _NAV_APPENDIX.match(line)), None)
    if appendix is not None:
        chapters = [(i, m) for i, m in chapters if i < appendix]
    if not chapters:
        raise ScaffoldError("found no numbered chapter ('- 1. Title: file.md') in mkdocs.yml's nav")
    _, last = max(chapters, key=lambda item: int(item[1].group("number")))
    number = int(last.group("number")) + 1
    indent = last.group("indent")
    key = yaml_text(f"{number}. {title}")
    nav_line = f"{indent}- {key}: {slug}.md"
    at = appendix if appendix is not None else max(i for i, _ in chapters) + 1
    new_config = "\n".join([*lines[:at], nav_line, *lines[at:]])
    nav = yaml.load(new_config, Loader=yaml.BaseLoader).get("nav", [])
    if {f"{number}. {title}": f"{slug}.md"} not in nav:
        raise ScaffoldError("could not add the chapter to mkdocs.yml's nav; add it by hand")

    previous = last.group("file")
    previous_title = _front_matter_title(root / "content" / previous) or last.group("label")
    previous_line = f"Previous: [{previous_title}]({previous})"
    text = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("{{title_yaml}}", yaml_text(title))
        .replace("{{title}}", title)
        .replace("{{slug}}", slug)
        .replace("{{chapter}}", str(number))
        .replace("{{previous_line}}", previous_line)
    )
    scaffold = Scaffold(title, slug, number, chapter, diagram, nav_line.strip(), previous)
    diagram_text = DIAGRAM_TEMPLATE.read_text(encoding="utf-8").replace("{{title}}", title)
    return scaffold, text, diagram_text, new_config


def create(root: Path, name: str) -> Scaffold:
    """Write the chapter, its diagram and the nav entry (or raise ScaffoldError, writing nothing)."""
    scaffold, chapter_text, diagram_text, config_text = plan(root, name)
    scaffold.chapter.write_text(chapter_text, encoding="utf-8")
    scaffold.diagram.write_text(diagram_text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    return scaffold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scaffold a new chapter of the book.")
    parser.add_argument("name", help='the chapter title, e.g. "Rate limiting"')
    parser.add_argument(
        "--root",
        type=Path,
        default=HERE.parents[1],
        help="folder holding content/, diagrams/ and mkdocs.yml",
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    try:
        scaffold = create(root, args.name)
    except ScaffoldError as error:
        print(f"new_chapter: {error}", file=sys.stderr)
        return 1
    print(f"Created {scaffold.chapter.relative_to(root)} (chapter {scaffold.number})")
    print(f"Created {scaffold.diagram.relative_to(root)}")
    print(f"Added to mkdocs.yml's nav: {scaffold.nav_line}")
    print("Next steps:")
    print("  - write the chapter: the HTML comments say what goes in each section;")
    print("    follow CONTRIBUTING.md (voice, structure, diagrams, widgets)")
    print(f"  - draw the system at this stage in {scaffold.diagram.relative_to(root)},")
    print(f"    then `make diagrams NAME={scaffold.diagram.stem}` so readers get it drawn")
    if scaffold.previous:
        print(
            f"  - end content/{scaffold.previous} with "
            f"'Next: [{scaffold.title}]({scaffold.slug}.md)'"
        )
    print(f"  - add '{scaffold.slug}' to CHAPTERS in tests/unit/test_book_structure.py")
    print("  - run `make check`: until you replace them, it lists the template's sentences")
    print("    still in the chapter, each at its line; `make serve` shows the page as you write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
