"""The charts' colours stay apart for readers with the common colour-vision deficiencies.

Each colour is passed through Machado, Oliveira and Fernandes' simulation of protanopia,
deuteranopia and tritanopia (IEEE TVCG 15(6), 2009: the matrices for severity 1.0, applied
to linear RGB), then compared in CIELAB (CIE76 distance, D65 white). Two colours about
10 apart are easy to tell side by side; the palette keeps 15 or more between any two of
its colours, and each colour keeps 20 or more from the page behind it, light or dark
(black, the eighth colour, is drawn in the text colour on dark pages: widgets.css).

Apart, and also visible: WCAG 1.4.11 asks 3:1 between a line or mark a reader needs
and what is behind it. The first four colours and black keep it on both pages; orange,
sky blue and yellow do not on the light page (2.3:1, 2.3:1, 1.3:1), so the widgets' line
charts draw their series and markers in the first four or black (checked on every
widget's figures below), and only reshard's shard dots, which cycle the whole palette,
reach the others, each dot also told apart by its shape and its tooltip.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest

from live_widgets.core.chart import PALETTE
from widgets import all_specs

Matrix = tuple[tuple[float, float, float], ...]

SIMULATIONS: dict[str, Matrix] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
    "typical vision": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
}
LIGHT_PAGE = "#FFFFFF"
DARK_PAGE = "#1E2129"  # Material's slate background, hsl(232, 15%, 14%)
COLOURS = [c for c in PALETTE if c != "#000000"]


def _linear(hex_colour: str) -> tuple[float, float, float]:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return channel(r), channel(g), channel(b)


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(hex_colour: str, matrix: Matrix) -> tuple[float, float, float]:
    """The colour in CIELAB as a reader with this vision would see it."""
    rgb = _linear(hex_colour)
    out = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix]
    return _lab((out[0], out[1], out[2]))


def test_the_simulation_leaves_greys_grey() -> None:
    """A check of the model itself: each matrix maps white to white and a grey to the same
    grey (its rows sum to 1), so only hue is lost, never lightness of neutral colours."""
    for matrix in SIMULATIONS.values():
        for grey in ("#FFFFFF", "#808080", "#000000"):
            assert seen(grey, matrix) == pytest.approx(
                seen(grey, SIMULATIONS["typical vision"]), abs=0.1
            )


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_every_two_palette_colours_stay_apart(vision: str) -> None:
    """Any two colours of the palette, black included, stay 15 or more apart."""
    matrix = SIMULATIONS[vision]
    closest = min(
        (math.dist(seen(a, matrix), seen(b, matrix)), a, b)
        for a, b in itertools.combinations(PALETTE, 2)
    )
    assert closest[0] >= 15, closest


@pytest.mark.parametrize("vision", list(SIMULATIONS))
@pytest.mark.parametrize("page", [LIGHT_PAGE, DARK_PAGE])
def test_every_colour_stands_out_from_the_page(vision: str, page: str) -> None:
    """Each colour keeps 20 or more from the light and the dark page behind the chart."""
    matrix = SIMULATIONS[vision]
    closest = min((math.dist(seen(c, matrix), seen(page, matrix)), c) for c in COLOURS)
    assert closest[0] >= 20, closest


def _luminance(hex_colour: str) -> float:
    r, g, b = _linear(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_matches_wcags_own_examples() -> None:
    """A check of the formula: black on white is 21:1, a colour on itself 1:1, and
    #767676 on white is the 4.5:1 often quoted as the lightest grey for body text."""
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#0072B2", "#0072B2") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("spec", all_specs(), ids=lambda spec: spec.name)
def test_every_series_marker_and_bar_keeps_3_to_1_on_both_pages(spec: object) -> None:
    """Each line, marker and bar of a widget's charts, at its defaults, keeps WCAG's 3:1
    for graphics against the light and the dark page (black is drawn in the text colour
    on the dark one)."""
    drawn = {
        (figure.key, colour)
        for figure in spec.run({}).figures  # type: ignore[attr-defined]
        for colour in re.findall(
            r'class="w-(?:series|marker|bar)"[^>]*?(?:stroke|fill)="(#[0-9A-Fa-f]{6})"', figure.svg
        )
    }
    if not drawn:  # reshard: its colours name shards, each dot and bar also outlined and named
        pytest.skip(f"{spec.name} draws no series, marker or bar")  # type: ignore[attr-defined]
    for key, colour in drawn:
        assert contrast(colour, LIGHT_PAGE) >= 3, (key, colour)
        if colour != "#000000":
            assert contrast(colour, DARK_PAGE) >= 3, (key, colour)
