"""What a widget shows: key outputs (number + text) and figures (SVG + text alternative).

The same `View` is rendered into the static page at build time and sent from the
Pyodide worker as JSON at run time, so both show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from live_widgets.core.format import machine


@dataclass(frozen=True)
class OutputValue:
    """One key output: `value` is machine-readable, `text` is for people."""

    name: str
    value: float | int | str
    text: str


@dataclass(frozen=True)
class Figure:
    """A picture drawn in SVG with a text alternative for screen readers."""

    key: str
    title: str
    svg: str
    alt: str


@dataclass(frozen=True)
class View:
    outputs: tuple[OutputValue, ...]
    figures: tuple[Figure, ...] = ()
    summary: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def output(self, name: str) -> OutputValue:
        for item in self.outputs:
            if item.name == name:
                return item
        raise KeyError(name)

    def figures_html(self) -> str:
        """The figures region's inner HTML (identical at build time and run time)."""
        return "".join(_figure_html(figure) for figure in self.figures)

    def notes_html(self) -> str:
        return "".join(f"<li>{escape(note)}</li>" for note in self.notes)

    def to_json(self) -> dict[str, object]:
        return {
            "outputs": [
                {"name": o.name, "value": machine(o.value), "text": o.text} for o in self.outputs
            ],
            "figures": [_figure_html(figure) for figure in self.figures],
            "notes_html": self.notes_html(),
            "summary": self.summary,
        }


def _figure_html(figure: Figure) -> str:
    """One `<figure>`: the page replaces figures one by one, only those that changed."""
    return (
        f'<figure class="w-figure" data-figure="{escape(figure.key)}">'
        f"{figure.svg}"
        f'<figcaption><span class="w-figure-title">{escape(figure.title)}</span> '
        f'<span class="w-figure-alt">{escape(figure.alt)}</span></figcaption>'
        "</figure>"
    )
