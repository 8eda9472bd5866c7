"""The view Python sends the page is the view the build wrote into it."""

from __future__ import annotations

import json

import pytest

from widgets import all_specs

SPECS = {spec.name: spec for spec in all_specs()}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_live_figures_are_the_built_figures_one_by_one(name: str) -> None:
    """The page swaps figures one at a time; each one sent must be the build's markup
    for that figure, in order, or a live update would differ from the static page."""
    view = SPECS[name].run({})
    sent = json.loads(json.dumps(view.to_json(), allow_nan=False))
    assert len(sent["figures"]) == len(view.figures)
    assert "".join(sent["figures"]) == view.figures_html()
    for html, figure in zip(sent["figures"], view.figures, strict=True):
        assert html.startswith(f'<figure class="w-figure" data-figure="{figure.key}">')
        assert html.count("<figure") == 1
