"""The widget markup the build writes is already the final form: what a reader gets
before Python starts, and with JavaScript off, is what the live widget uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest

from live_widgets.core import ChoiceParam, NumberParam, WidgetSpec
from live_widgets.generator import ASSETS
from live_widgets.widget_html import WidgetLinks, render_widget
from widgets import all_specs

SPECS = {spec.name: spec for spec in all_specs()}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""
    parents: tuple[str, ...] = ()


class Collect(HTMLParser):
    """Every element with its attributes, its direct text and its ancestors' classes."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self.stack: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parents = tuple(e.attrs.get("class") or "" for e in self.stack)
        element = Element(tag, dict(attrs), parents=parents)
        self.elements.append(element)
        if tag not in {"input", "br", "img", "meta", "link"}:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1].text += data


def elements(spec: WidgetSpec, selector_class: str) -> list[Element]:
    html = render_widget(spec, spec.validate({}), "w1", WidgetLinks(embed="./", sources=()))
    parser = Collect()
    parser.feed(html)
    return [e for e in parser.elements if selector_class in (e.attrs.get("class") or "").split()]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_number_boxes_are_text_boxes_with_a_numeric_keyboard(name: str) -> None:
    """A number box is a text box (a type="number" box hides letters, so the message
    could not say what was typed), with a numeric keyboard and no browser range check."""
    spec = SPECS[name]
    boxes = elements(spec, "w-number")
    assert len(boxes) == sum(isinstance(p, NumberParam) for p in spec.params)
    for box in boxes:
        assert box.attrs["type"] == "text", box.attrs
        assert box.attrs["inputmode"] == "decimal"
        assert box.attrs["autocomplete"] == "off"
        assert box.attrs["spellcheck"] == "false"
        assert not {"min", "max", "step"} & box.attrs.keys(), box.attrs


@pytest.mark.parametrize("name", sorted(SPECS))
def test_each_field_message_region_is_polite_and_present(name: str) -> None:
    """Each field's message region is a polite, atomic live region, rendered empty (not
    hidden, not an alert), so the first message is heard without interrupting typing."""
    spec = SPECS[name]
    regions = elements(spec, "w-error")
    assert len(regions) == len(spec.params)
    for region in regions:
        assert region.attrs.get("aria-live") == "polite", region.attrs
        assert region.attrs.get("aria-atomic") == "true"
        assert "role" not in region.attrs
        assert "hidden" not in region.attrs
        assert region.text == ""


def test_a_choice_field_has_the_same_message_region() -> None:
    """Menus (cache-hit-rate's policy) get the same polite region as number boxes."""
    spec = SPECS["cache-hit-rate"]
    assert any(isinstance(p, ChoiceParam) for p in spec.params)
    (region,) = [e for e in elements(spec, "w-error") if e.attrs["id"] == "w1-policy-error"]
    assert region.attrs.get("aria-live") == "polite"


def test_the_held_note_waits_hidden_in_the_results() -> None:
    """The note "Results for the last valid inputs" is rendered once, hidden, at the top
    of the results (controller.js fills and shows it)."""
    (note,) = elements(SPECS["cache-hit-rate"], "w-held-note")
    assert "hidden" in note.attrs
    assert note.parents[-1] == "w-results"


def test_no_embed_page_or_model_code_means_no_link_snippet_or_empty_panel() -> None:
    """A site built without embed pages gets no 'Open on its own page' link to nowhere and
    no iframe snippet; a widget that lists no model modules gets no empty 'View the model';
    with both, each is there."""
    spec = SPECS["cache-hit-rate"]

    def classes(links: WidgetLinks) -> set[str]:
        parser = Collect()
        parser.feed(render_widget(spec, spec.validate({}), "w1", links))
        return {c for e in parser.elements for c in (e.attrs.get("class") or "").split()}

    bare = classes(WidgetLinks(embed="", sources=()))
    assert {"w-open-embed", "w-share-iframe", "w-model"}.isdisjoint(bare)
    assert {"w-share", "w-share-link"} <= bare  # the link to the chapter stays
    full = classes(WidgetLinks(embed="../embed/x/", sources=(("m", "m.py"),)))
    assert {"w-open-embed", "w-share-iframe", "w-model"} <= full


def test_controller_js_does_not_reshape_the_fields() -> None:
    """The browser no longer patches what the build renders (one source of the markup)."""
    source = (ASSETS / "js" / "controller.js").read_text(encoding="utf-8")
    patches = ('removeAttribute("role")', 'type = "text"', "inputMode =", "heldNote = document.")
    for patch in patches:
        assert patch not in source, patch


@pytest.mark.parametrize("name", sorted(SPECS))
def test_results_are_said_by_one_labelled_region_not_value_by_value(name: str) -> None:
    """The results grid is not a live region (it read each new value alone, without its
    label); one polite, atomic region, rendered empty, says them (announce.js)."""
    spec = SPECS[name]
    (grid,) = elements(spec, "w-outputs")
    assert "aria-live" not in grid.attrs
    (region,) = elements(spec, "w-announce")
    assert region.attrs.get("aria-live") == "polite"
    assert region.attrs.get("aria-atomic") == "true"
    assert "hidden" not in region.attrs and region.text == ""


@pytest.mark.parametrize("name", sorted(SPECS))
def test_a_slider_is_named_and_described_like_its_box(name: str) -> None:
    """A reader who only uses the slider hears the field's name (not "Cache size
    (slider), slider"), its help and its range, and, for a bounded field, its limit's
    note; the box is described by the same and by its message."""
    spec = SPECS[name]
    bounded = {rule.param for rule in spec.rules}
    for param in spec.params:
        if not isinstance(param, NumberParam):
            continue
        sliders = [
            e
            for e in elements(spec, "w-slider")
            if (e.attrs.get("aria-describedby") or "").startswith(f"w1-{param.name}-help")
        ]
        assert len(sliders) == 1, param.name
        assert sliders[0].attrs["aria-label"] == param.label
        rule = [f"w1-{param.name}-rule"] if param.name in bounded else []
        assert (sliders[0].attrs["aria-describedby"] or "").split() == [
            f"w1-{param.name}-help",
            *rule,
        ]
        (box,) = [e for e in elements(spec, "w-number") if e.attrs["name"] == param.name]
        assert (box.attrs["aria-describedby"] or "").split() == [
            f"w1-{param.name}-help",
            f"w1-{param.name}-error",
            *rule,
        ]
        notes = [
            e for e in elements(spec, "w-rule-note") if e.attrs["id"] == f"w1-{param.name}-rule"
        ]
        assert len(notes) == (1 if rule else 0)
        for note in notes:
            assert note.attrs.get("aria-live") == "polite" and note.text == ""


@pytest.mark.parametrize(
    ("name", "param", "shown"),
    [
        ("capacity", "cores", "Cores"),  # not "Cores (cores)"
        ("reshard", "vnodes", "Virtual nodes per shard (V)"),  # not "... (per shard)"
        ("load-balancing", "requests", "Requests simulated"),
        ("load-balancing", "service_ms", "Service time (ms)"),  # the unit says more
        ("estimator", "requests_per_user", "Requests per user (requests/day)"),
        ("cache-hit-rate", "cache_size", "Cache size (items)"),
    ],
)
def test_a_label_that_names_its_unit_does_not_repeat_it(name: str, param: str, shown: str) -> None:
    """A field's label shows its unit in brackets unless every word of the unit is already
    in the label: "Cores (cores)" read twice over, on the page and to a screen reader."""
    html = render_widget(
        SPECS[name], SPECS[name].validate({}), "w1", WidgetLinks(embed="./", sources=())
    )
    start = html.index(f'<label for="w1-{param}">')
    label = html[start : html.index("</label>", start)]
    text = re.sub(r"<[^>]+>", "", label).strip()
    assert text == shown


@pytest.mark.parametrize("name", sorted(SPECS))
def test_no_label_repeats_its_unit_in_brackets(name: str) -> None:
    """Over every widget's fields: a unit shown in brackets after a label brings a word
    the label lacks (a new widget's "Servers (servers)" fails here, not in review)."""
    spec = SPECS[name]
    html = render_widget(spec, spec.validate({}), "w1", WidgetLinks(embed="./", sources=()))
    labels = re.findall(r'<label for="w1-[^"]+">(.*?)</label>', html, flags=re.S)
    assert labels, f"{name} renders no labels"
    for label in labels:
        shown = re.search(r'<span class="w-unit">\((.*?)\)</span>', label)
        if shown is None:
            continue
        before = re.sub(r"<[^>]+>", "", label[: shown.start()]).lower()
        words = {w.removesuffix("s") for w in re.findall(r"[a-z]+", before)}
        unit_words = {w.removesuffix("s") for w in re.findall(r"[a-z]+", shown.group(1).lower())}
        assert not unit_words or not unit_words <= words, (name, label)
