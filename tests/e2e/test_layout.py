"""Every widget's embed page on a phone (390 px) and a laptop (1366 px), light and dark
(book_bench.screens.SCREENS, the screens `make screenshots` photographs): no sideways
scrolling, no two boxes on top of each other, no text below 11 px, every control named."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from book_bench.screens import SCREENS, Screen, embed_path
from book_bench.site_server import Served
from tests.e2e.widget_helpers import SAVING_DATA, wait_ready, widget
from tests.widget_declarations import hosts
from widgets import all_specs

NAMES = [spec.name for spec in all_specs()]
HOSTS = hosts()
# WCAG's reflow width: 1280 px at 400 % zoom; the narrowest phones too.
NARROWEST_PX = 320
MIN_TEXT_PX = 11

# The boxes that must never overlap each other: form fields, result tiles, buttons,
# figures, and the status and notice lines (a box inside another is not an overlap).
BOXES = ".w-field, .w-output, .w-buttons button, .w-figures figure, .w-status, .w-notice"

LAYOUT = """
([root, selector, minPx]) => {
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden";
  };
  const boxes = [...root.querySelectorAll(selector)].filter(visible);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.contains(b) || b.contains(a)) continue;
      const p = a.getBoundingClientRect();
      const q = b.getBoundingClientRect();
      const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (x > 1 && y > 1) overlaps.push(`${a.className} / ${b.className}`);
    }
  }
  // Text outside the charts (their text is measured by test_chart_legibility.py).
  const small = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || parent.closest("svg") || !visible(parent)) continue;
    const px = parseFloat(getComputedStyle(parent).fontSize);
    if (px < minPx) small.push(`${px}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  const unnamed = [...root.querySelectorAll("input, select, textarea, button")]
    .filter(visible)
    .filter((el) => {
      const labelled = el.labels?.length || el.getAttribute("aria-label") ||
        el.getAttribute("aria-labelledby") || (el.tagName === "BUTTON" && el.textContent.trim());
      return !labelled;
    })
    .map((el) => el.outerHTML.slice(0, 80));
  // A result tile's words must fit it whole (its value may break anywhere rather than
  // overflow, so each is measured as if it could not), and a field's slider and box
  // must fit the field.
  const tooWide = (el) => el.scrollWidth > el.clientWidth + 1;
  const broken = [...root.querySelectorAll(".w-output dt, .w-output dd")]
    .filter(visible)
    .filter((el) => {
      const before = el.style.overflowWrap;
      el.style.overflowWrap = "normal";
      const over = tooWide(el);
      el.style.overflowWrap = before;
      return over;
    })
    .map((el) => el.textContent.trim().slice(0, 40));
  const spilt = [...root.querySelectorAll(".w-control")]
    .filter(visible)
    .filter(tooWide)
    .map((el) => el.closest(".w-field")?.dataset.param ?? "?");
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    overlaps, small, unnamed, broken, spilt,
  };
}
"""


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.label)
@pytest.mark.parametrize("name", NAMES)
def test_widget_layout_holds_on_phone_and_laptop_in_both_themes(
    site: Served, browser: Browser, name: str, screen: Screen
) -> None:
    """Live, on the screen's width and theme: the page does not scroll sideways, no two
    boxes overlap, no text is under 11 px, every control has a name, no result breaks a
    word, and every field holds its controls."""
    context = browser.new_context(
        viewport={"width": screen.width, "height": screen.height},
        color_scheme="dark" if screen.theme == "dark" else "light",
        service_workers="block",
    )
    try:
        page: Page = context.new_page()
        page.goto(site.url + embed_path(name, screen))
        root = widget(page, name)
        wait_ready(root)
        found = root.evaluate(
            "(root, args) => (" + LAYOUT + ")([root, ...args])", [BOXES, MIN_TEXT_PX]
        )
        assert found["overflow"] <= 0, f"the page scrolls sideways by {found['overflow']} px"
        assert not found["overlaps"], found["overlaps"]
        assert not found["small"], found["small"]
        assert not found["unnamed"], found["unnamed"]
        assert not found["broken"], f"results that break a word: {found['broken']}"
        assert not found["spilt"], f"fields whose controls spill out: {found['spilt']}"
    finally:
        context.close()


def test_the_layout_check_sees_overlaps_small_text_overflow_and_unnamed_controls(
    site: Served, page: Page
) -> None:
    """The check itself: on a page broken on purpose (tiles pulled onto each other, 9 px
    help text, a too-wide figure, a control stripped of its label, tiles too narrow for
    their words, a number box wider than its field) it reports each."""
    page.set_viewport_size({"width": 390, "height": 844})
    name = NAMES[0]
    page.goto(site.url + embed_path(name, SCREENS[0]))
    root = widget(page, name)
    page.add_style_tag(
        content=".w-output + .w-output { margin-top: -3em; } .w-help { font-size: 9px; }"
        " .w-figures { min-width: 900px; }"
        " .w-outputs { grid-template-columns: repeat(auto-fill, 4em) !important; }"
        " .w-number { min-width: 40em !important; }"
    )
    root.locator("input").first.evaluate(
        "el => { for (const l of el.labels) l.htmlFor = ''; el.removeAttribute('aria-label');"
        " el.removeAttribute('aria-labelledby'); }"
    )
    found = root.evaluate("(root, args) => (" + LAYOUT + ")([root, ...args])", [BOXES, MIN_TEXT_PX])
    assert found["overflow"] > 0
    assert any("w-output" in pair for pair in found["overlaps"])
    assert any(entry.startswith("9px") for entry in found["small"])
    assert found["unnamed"]
    assert found["broken"]
    assert found["spilt"]


# The widget's boxes that end past its right edge (what makes a page scroll sideways),
# except inside a box that scrolls or clips (the model's source scrolls in its <pre>).
SPILLS = """
(root) => {
  const edge = root.getBoundingClientRect().right + 1;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== root; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...root.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > edge)
    .filter((el) => !clipped(el))
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 60));
}
"""


@pytest.mark.parametrize("name", NAMES)
def test_widget_reflows_at_320px_in_its_chapter_and_embed_page(
    site: Served, browser: Browser, name: str
) -> None:
    """At 320 px (WCAG reflow), in the chapter (Material's 20 px rem) and on the embed
    page, with "View the model" open: nothing in the widget ends past its edge and the
    page never scrolls sideways. Build-time markup is enough: Python does not lay out."""
    context = browser.new_context(
        viewport={"width": NARROWEST_PX, "height": 800}, service_workers="block"
    )
    try:
        page = context.new_page()
        for url in (HOSTS[name], f"embed/{name}/"):
            page.goto(site.url + url)
            root = widget(page, name)
            root.locator("details.w-model").evaluate("details => { details.open = true; }")
            spills = root.evaluate(SPILLS)
            assert not spills, f"{url}: past the widget's edge: {spills[:5]}"
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, f"{url} scrolls sideways by {overflow} px"
    finally:
        context.close()


def test_controls_are_finger_sized_on_a_touch_phone(site: Served, browser: Browser) -> None:
    """On a touch phone (390 px) every slider, number box and menu is at least 44 px tall
    (WCAG 2.5.5), the taller controls still overlap nothing, and the model's code is not
    below 11 px. Python is not needed for any of it, so the reader saves data here."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        service_workers="block",
    )
    context.add_init_script(SAVING_DATA)
    try:
        page: Page = context.new_page()
        for name in NAMES:
            page.goto(f"{site.url}embed/{name}/")
            root = widget(page, name)
            heights = root.locator(".w-slider, .w-number, .w-select").evaluate_all(
                "(els) => els.map((el) => [el.name || el.className, el.getBoundingClientRect().height])"
            )
            assert heights, name
            short = [(control, h) for control, h in heights if h < 44]
            assert not short, f"{name}: controls under 44 px tall: {short}"
            found = root.evaluate(
                "(root, args) => (" + LAYOUT + ")([root, ...args])", [BOXES, MIN_TEXT_PX]
            )
            assert not found["overlaps"], (name, found["overlaps"])
            assert found["overflow"] <= 0, (name, found["overflow"])
            code = root.locator(".w-model pre > code")
            if code.count():
                size = code.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")
                assert size >= MIN_TEXT_PX, f"{name}: the model's code is {size} px"
    finally:
        context.close()


# The width of each stage-card label and of the text in it, in CSS px.
CARD_LABELS = """() => [...document.querySelectorAll(".admonition.abstract li > strong:first-child")]
  .map((label) => {
    const text = document.createRange();
    text.selectNodeContents(label);
    return [label.textContent, label.getBoundingClientRect().width, text.getBoundingClientRect().width];
  })"""


def test_a_stage_cards_labels_sit_by_their_values_on_a_phone(site: Served, page: Page) -> None:
    """A stage card's labels ("Users:", "Monthly cost:") line up as a column on a laptop,
    but on a phone (390 px) each is followed at once by its value: a 10em column there
    left a gap wider than "Users:" itself and squeezed the value into a narrow strip."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{site.url}one-server/")
    wide = page.evaluate(CARD_LABELS)
    assert len(wide) >= 3, wide
    padded = {round(width) for _, width, text in wide if width > text + 1}
    assert len(padded) == 1, wide  # the shorter labels padded to one column
    page.set_viewport_size({"width": 390, "height": 844})
    narrow = page.evaluate(CARD_LABELS)
    gaps = [(label, width - text) for label, width, text in narrow if width - text > 1]
    assert not gaps, f"labels wider than their text on a phone: {gaps}"
