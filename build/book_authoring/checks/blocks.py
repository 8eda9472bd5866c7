"""Fenced blocks: every ```diagram block names a diagram that exists (and every diagram is
used), every ```widget and ```widget-reference block a known widget, as the build says."""

from __future__ import annotations

from collections.abc import Callable

from live_widgets.blocks import Block, find_blocks
from live_widgets.core.registry import WidgetDeclarationError
from live_widgets.diagrams import is_diagram_name, missing_diagram, read_diagram_block
from live_widgets.errors import BookError

from .book import DIAGRAMS, Book, Problem, page_path


def _blocks(name: str, text: str, kind: str) -> tuple[list[Block], list[Problem]]:
    try:
        return find_blocks(text, kind, page_path(name)), []
    except BookError as error:
        return [], [Problem(page_path(name), error.line or 1, error.detail)]


def check_diagrams(book: Book) -> list[Problem]:
    """Every ```diagram block names a file in diagrams/, and every file there is used."""
    problems: list[Problem] = []
    used: set[str] = set()
    for name, text in book.pages.items():
        path = page_path(name)
        blocks, unreadable = _blocks(name, text, "diagram")
        problems += unreadable
        for block in blocks:
            try:
                diagram, _ = read_diagram_block(block, path)
            except BookError as error:
                problems.append(Problem(path, error.line or block.line, error.detail))
                continue
            used.add(diagram)
            if not is_diagram_name(diagram) or diagram not in book.diagrams:
                problems.append(Problem(path, block.line, missing_diagram(diagram)))
    for diagram in sorted(book.diagrams - used):
        problems.append(
            Problem(
                f"{DIAGRAMS}/{diagram}.mmd",
                1,
                f"diagram is not used: no ```diagram block has 'file: {diagram}'; "
                "include it in a chapter or delete it",
            )
        )
    return problems


def check_widget_blocks(name: str, text: str) -> list[Problem]:
    """Every ```widget block names a known widget with valid parameters, and every
    ```widget-reference block a known widget (or `all`): the build's own messages."""
    from live_widgets.embed_guide import reference_specs
    from live_widgets.widget_blocks import read_widget_block
    from widgets import registry

    path = page_path(name)
    problems: list[Problem] = []
    readers: tuple[tuple[str, Callable[..., object]], ...] = (
        ("widget", read_widget_block),
        ("widget-reference", reference_specs),
    )
    for kind, read in readers:
        blocks, unreadable = _blocks(name, text, kind)
        problems += unreadable
        for block in blocks:
            try:
                read(block, path, registry())
            except BookError as error:
                problems.append(Problem(path, error.line or block.line, error.detail))
            except WidgetDeclarationError as error:  # reported where the mistake is
                problems.append(Problem(error.path, error.line or 1, error.detail))
            except ImportError as error:
                problems.append(
                    Problem(
                        path,
                        block.line,
                        f"the widget registry does not load ({error}); fix widgets/ first",
                    )
                )
    return problems


def check_widgets_placed(book: Book) -> list[Problem]:
    """Every declared widget has a ```widget block in some page: one that no page shows
    reaches readers only as an embed page. Reported at the widget's `name=` line, for the
    widgets whose spec.py is in the checked tree."""
    from live_widgets.widget_blocks import read_widget_block
    from widgets import registry

    try:
        known = registry()
    except (WidgetDeclarationError, ImportError):
        return []  # the build names that mistake where it is
    placed: set[str] = set()
    for name, text in book.pages.items():
        for block in _blocks(name, text, "widget")[0]:
            try:
                placed.add(read_widget_block(block, page_path(name), known).spec.name)
            except BookError:
                continue  # check_widget_blocks reports it at the block
    problems: list[Problem] = []
    for widget in known.names():
        where = _declared_at(book, widget)
        if widget in placed or where is None:
            continue
        advice = "put a ```widget block for it in the chapter it belongs to"
        problems.append(
            Problem(
                *where,
                f"widget `{widget}` is in no chapter: {advice} (CONTRIBUTING.md, 'Place a widget')",
            )
        )
    return problems


def _declared_at(book: Book, widget: str) -> tuple[str, int] | None:
    """The spec file of the checked tree, and its line, that declares `name="<widget>"`."""
    needle = f'name="{widget}"'
    for path, source in book.widget_specs.items():
        if needle in source:
            return path, 1 + source[: source.index(needle)].count("\n")
    return None
