"""Print, menus, embed-page buttons and the embed guide's tables, as a reader meets them:
printing shows the settings and results and no sentence about a control that is not on
the paper; a menu shows its whole choice at 320, 390 and 1366 px; embed-page buttons are
drawn like the book's, in light and dark, reachable and visible with the keyboard; the
guide's parameter tables keep their cells apart and fit the page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlencode, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from book_bench.site_server import Served
from tests.e2e.conftest import Watch
from tests.e2e.test_widgets import ALTERNATES
from tests.e2e.widget_helpers import READY_TIMEOUT_MS
from widgets import all_specs

NAMES = [spec.name for spec in all_specs()]
WIDTHS = [320, 390, 1366]


MakePage = Callable[..., Page]


@pytest.fixture
def make_page(browser: Browser, watch: Watch) -> Iterator[MakePage]:
    """A page in a fresh context of the given width and colour scheme, watched like the
    shared `page` fixture (no request off 127.0.0.1, no console error)."""
    contexts = []

    def make(width: int, scheme: str = "light") -> Page:
        # Reduced motion: no colour transitions, so computed colours are the final ones.
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce"
        )
        contexts.append(context)

        def on_request(request) -> None:  # type: ignore[no-untyped-def]
            if request.url.startswith(("data:", "blob:", "about:")):
                return
            if urlparse(request.url).hostname != "127.0.0.1":
                watch.external.append(request.url)

        context.on("request", on_request)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
        page.on("pageerror", lambda e: watch.console_errors.append(f"pageerror: {e}"))
        return page

    yield make
    for context in contexts:
        context.close()
    watch.check()


# What every control shows in print, and every text a widget may print.
PRINT_STATE = """(root) => {
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const fields = [...root.querySelectorAll(".w-field")].map((field) => {
    const control = field.querySelector(".w-number, .w-select");
    return { name: field.dataset.param, shown: shown(field) && shown(control), value: control.value };
  });
  const controls = [...root.querySelectorAll("button, summary, a")]
    .map((el) => ({ label: el.textContent.trim(), shown: shown(el) }))
    .filter((c) => c.label);
  const texts = [...root.querySelectorAll(".w-results, .w-lede, .w-predict-question")]
    .filter(shown)
    .map((el) => el.innerText);
  const results = [...root.querySelectorAll(".w-outputs [data-output], .w-figure")]
    .map((el) => ({ name: el.dataset.output || el.dataset.figure, shown: shown(el) }));
  return { fields, controls, texts, results, status: shown(root.querySelector(".w-status")) };
}"""


def results_left_off(screen: dict, paper: dict) -> list[str]:
    """The outputs and figures shown on screen that print does not show (there must be
    some on screen, or the comparison proves nothing)."""
    on_screen = [r["name"] for r in screen["results"] if r["shown"]]
    assert on_screen, "no output or figure shown on screen"
    printed = {r["name"] for r in paper["results"] if r["shown"]}
    return [name for name in on_screen if name not in printed]


def instructions_for_hidden_controls(state: dict) -> list[str]:
    """Sentences telling the reader to press, click or use a control not on the page."""
    hidden = {c["label"] for c in state["controls"] if not c["shown"]}
    shown = {c["label"] for c in state["controls"] if c["shown"]}
    found = []
    for text in state["texts"]:
        for label in hidden - shown:
            if re.search(
                rf"\b(press|click|tap|use|open)\s+(the\s+)?{re.escape(label)}\b", text, re.I
            ):
                found.append(f"{label!r} in {text[:80]!r}")
    return found


@pytest.mark.parametrize("name", NAMES)
def test_print_shows_the_settings_and_no_instruction_for_a_hidden_control(
    site: Served, make_page: MakePage, name: str
) -> None:
    """Printed, a widget shows each setting with the value the reader chose (here from
    the URL), its results, and no "Press X" for a button that print leaves out."""
    spec = next(s for s in all_specs() if s.name == name)
    first = spec.params[0].name
    value = str(ALTERNATES[name][first])
    page = make_page(1366)
    page.goto(f"{site.url}embed/{name}/?{urlencode({first: value})}")
    control = f'.w-field[data-param="{first}"] :is(.w-number, .w-select)'
    page.wait_for_function(
        "([sel, v]) => { const c = document.querySelector(sel);"
        " return !!c && (c.value === v || Number(c.value) === Number(v)); }",
        arg=[control, value],
    )
    root = page.locator(".w-widget")
    screen = root.evaluate(PRINT_STATE)
    page.emulate_media(media="print")
    state = root.evaluate(PRINT_STATE)
    assert [f["name"] for f in state["fields"] if not f["shown"]] == [], name
    assert results_left_off(screen, state) == [], name
    assert not state["status"], "the status line is about the screen, not the paper"
    assert instructions_for_hidden_controls(state) == [], name


def test_print_of_a_chapter_keeps_the_widget_settings(site: Served, make_page: MakePage) -> None:
    """In a chapter too (Material's own print styles apply there), the printed widget
    shows its settings and no instruction for a hidden control."""
    page = make_page(1366)
    page.goto(f"{site.url}caching/")
    page.emulate_media(media="print")
    widgets = page.locator(".w-widget").all()
    assert widgets, "the chapter has no widget to print"
    for root in widgets:
        state = root.evaluate(PRINT_STATE)
        assert state["fields"] and all(f["shown"] for f in state["fields"])
        assert instructions_for_hidden_controls(state) == []


def test_the_check_catches_an_instruction_for_a_hidden_button() -> None:
    """The print check itself: a note saying "Press Simulate" with Simulate hidden fails."""
    state = {
        "controls": [{"label": "Simulate", "shown": False}],
        "texts": ["Model: ... Press Simulate to check it against a simulated trace."],
    }
    assert instructions_for_hidden_controls(state)


# Whether each menu shows its whole selected choice: it fits on one line, or the menu
# wraps it onto more lines (a styleable select).
MENU_STATE = """(select) => {
  const style = getComputedStyle(select);
  const probe = document.createElement("span");
  probe.style.font = style.font;
  probe.style.whiteSpace = "nowrap";
  probe.style.position = "absolute";
  probe.textContent = select.selectedOptions[0].textContent;
  document.body.append(probe);
  const text = probe.getBoundingClientRect().width;
  probe.remove();
  const box = select.getBoundingClientRect();
  const room = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
  return { text, room, height: box.height, line, wraps: style.whiteSpace !== "nowrap" && style.whiteSpace !== "pre",
           right: box.right, page: document.documentElement.clientWidth };
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_menus_show_their_whole_choice(site: Served, make_page: MakePage, width: int) -> None:
    """Every choice of every menu, on embed pages at 320, 390 and 1366 px, is shown in
    full: "LRU: evict the least recently used", not "LRU: evict the least recently u"."""
    page = make_page(width)
    for name in NAMES:
        page.goto(f"{site.url}embed/{name}/")
        for select in page.locator(".w-select").all():
            for value in select.evaluate("(s) => [...s.options].map((o) => o.value)"):
                select.select_option(value)
                menu = select.evaluate(MENU_STATE)
                fits = menu["text"] <= menu["room"]
                wrapped = menu["wraps"] and menu["height"] >= menu["line"] * 1.8
                assert fits or wrapped, (name, width, value, menu)
                assert menu["right"] <= menu["page"], (name, width, "menu past the page edge")


def _luminance(rgb: tuple[float, ...]) -> float:
    channels = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:4])


BUTTONS = ".w-tools .md-button, .w-open-embed, .w-model > summary, .w-buttons .md-button"
SCHEMES = ["light", "dark"]
BUTTON_STYLE = """(b) => { const s = getComputedStyle(b); return [s.color, s.borderTopStyle,
  s.borderTopWidth, s.fontWeight, s.textDecorationLine]; }"""
# The focused element's place among BUTTONS (marked data-button), and its focus ring.
FOCUSED = """() => { const b = document.activeElement; const s = getComputedStyle(b);
  return { index: b.dataset.button ?? null, label: b.textContent.trim(),
           visible: b.matches(":focus-visible"), outline: s.outlineStyle,
           width: parseFloat(s.outlineWidth), ring: s.outlineColor, color: s.color,
           background: s.backgroundColor,
           page: getComputedStyle(document.body).backgroundColor }; }"""


def _focus_ring_problems(focused: dict, scheme: str) -> list[str]:
    """What keeps a focused button's ring or text from being seen: no :focus-visible, no
    solid ring of 2 px or more, a ring under 3:1 against the page, or text under 4.5:1
    against the button (the page's colour where the button has none)."""
    where = f"{focused['label']!r} ({scheme})"
    page = _rgb(focused["page"])
    fill = _rgb(focused["background"])
    behind = page if len(fill) == 4 and fill[3] == 0 else fill
    problems = []
    if not (focused["visible"] and focused["outline"] == "solid" and focused["width"] >= 2):
        problems.append(f"{where}: no focus ring {focused}")
    if _contrast(_rgb(focused["ring"]), page) < 3:
        problems.append(f"{where}: ring {focused['ring']} on {focused['page']}")
    if _contrast(_rgb(focused["color"]), behind) < 4.5:
        problems.append(f"{where}: text {focused['color']} on {focused['background']}")
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_embed_page_buttons_look_like_the_books(
    site: Served, make_page: MakePage, name: str
) -> None:
    """On each widget's embed page, Share, Open on its own page, View the model and the
    widget's own buttons are outlined buttons with text at 4.5:1 or more on the page, in
    light and dark; the keyboard reaches every one (Enter works Share, which opens its
    copy buttons), and each, focused, shows a ring and keeps its text readable, in both
    schemes."""
    page = make_page(390)
    page.goto(f"{site.url}embed/{name}/")
    # Marked as framed, as the page marks itself in a course's frame: only there does it
    # show "Open on its own page" (test_embed_frames.py checks both cases).
    page.evaluate("document.documentElement.dataset.framed = ''")
    buttons = page.locator(BUTTONS)
    expect(page.locator(".w-open-embed")).to_be_visible()
    count = buttons.count()
    assert count >= 3
    labels = [button.inner_text() for button in buttons.all()]
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        body = page.locator("body").evaluate("(b) => getComputedStyle(b).backgroundColor")
        for label, button in zip(labels, buttons.all(), strict=True):
            style = button.evaluate(BUTTON_STYLE)
            assert style[1] == "solid" and float(style[2].rstrip("px")) >= 1, label
            assert int(style[3]) >= 600 and style[4] == "none", label
            assert _contrast(_rgb(style[0]), _rgb(body)) >= 4.5, (label, scheme)
    # An action is enabled once Python is live; the keyboard skips it until then.
    for button in buttons.all():
        expect(button).to_be_enabled(timeout=READY_TIMEOUT_MS)
    buttons.evaluate_all("(all) => all.forEach((b, i) => { b.dataset.button = String(i); })")
    reached: dict[str, dict[str, dict]] = {}
    for _ in range(60):
        if len(reached) == count:
            break
        page.keyboard.press("Tab")
        index = page.evaluate("() => document.activeElement.dataset.button ?? null")
        if index is None or index in reached:
            continue
        reached[index] = {}
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            reached[index][scheme] = page.evaluate(FOCUSED)
        share = page.locator(".w-share-toggle")
        if share.evaluate("(b) => b === document.activeElement"):
            page.keyboard.press("Enter")
            assert share.get_attribute("aria-expanded") == "true"
    missed = [labels[i] for i in range(count) if str(i) not in reached]
    assert missed == [], "the keyboard never reached these"
    problems = [
        problem
        for rings in reached.values()
        for scheme, focused in rings.items()
        for problem in _focus_ring_problems(focused, scheme)
    ]
    assert problems == [], name


@pytest.mark.parametrize("width", [390, 1366])
def test_guide_tables_keep_cells_apart_and_fit(
    site: Served, make_page: MakePage, width: int
) -> None:
    """The guide's parameter tables: padded cells (no "10,000keys" on screen), text
    that keeps cells apart, and a table that scrolls in its own region instead of
    widening the page."""
    page = make_page(width)
    page.goto(f"{site.url}embed-guide/")
    tables = page.locator(".w-param-table")
    assert tables.count() == len(NAMES)
    for index in range(tables.count()):
        table = tables.nth(index)
        padding = table.locator("td").first.evaluate(
            "(c) => [parseFloat(getComputedStyle(c).paddingLeft), "
            "parseFloat(getComputedStyle(c).paddingRight)]"
        )
        assert min(padding) >= 4, padding
        text = table.evaluate("(t) => t.textContent")
        assert not re.search(r"\d(keys|items|ms|reads/s)\b", text), text[:200]
        assert "reads/sAll" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= width
