"""Front matter: exactly title, description and chapter, each of the right kind."""

from __future__ import annotations

from .book import INTRODUCTION, Problem, page_path
from .page import read_front_matter

FRONT_MATTER_KEYS = ("title", "description", "chapter")
MAX_DESCRIPTION = 160
MAX_CHAPTER = 99


def check_front_matter(name: str, text: str) -> list[Problem]:
    """Exactly title (text), description (text, <= 160 characters) and chapter (a whole
    number: 0 for index.md, 1 to 99 for every other page)."""
    path = page_path(name)
    front = read_front_matter(name, text)
    if front.data is None:
        return list(front.problems)
    data, lines = front.data, front.key_lines
    problems = [
        Problem(
            path,
            lines.get(key, 1),
            f"front matter: unknown key '{key}' (allowed: {', '.join(FRONT_MATTER_KEYS)})",
        )
        for key in data
        if key not in FRONT_MATTER_KEYS
    ]
    for key in FRONT_MATTER_KEYS:
        if key not in data:
            problems.append(Problem(path, 1, f"front matter: missing required key '{key}'"))
    for key in ("title", "description"):
        value = data.get(key)
        if key in data and (not isinstance(value, str) or not value.strip()):
            problems.append(
                Problem(path, lines[key], f"front matter: '{key}' must be text, got {value!r}")
            )
    description = data.get("description")
    if isinstance(description, str) and len(description.strip()) > MAX_DESCRIPTION:
        problems.append(
            Problem(
                path,
                lines["description"],
                f"front matter: description is {len(description.strip())} characters; "
                f"keep it to {MAX_DESCRIPTION} or fewer",
            )
        )
    chapter = data.get("chapter")
    if "chapter" not in data:
        pass
    elif not isinstance(chapter, int) or isinstance(chapter, bool):
        problems.append(
            Problem(
                path,
                lines["chapter"],
                f"front matter: 'chapter' must be a whole number, got {chapter!r}",
            )
        )
    elif name == INTRODUCTION and chapter != 0:
        problems.append(
            Problem(
                path,
                lines["chapter"],
                f"front matter: index.md is the introduction, chapter 0, not {chapter}",
            )
        )
    elif name != INTRODUCTION and not 1 <= chapter <= MAX_CHAPTER:
        problems.append(
            Problem(
                path,
                lines["chapter"],
                f"front matter: chapter {chapter} is out of range: use 1 to {MAX_CHAPTER} "
                "(0 is the introduction, index.md)",
            )
        )
    return problems
