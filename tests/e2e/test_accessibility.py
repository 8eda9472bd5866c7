"""Accessibility: axe on every page in both palettes, keyboard use, reduced motion, text
alternatives.

axe-core comes from node_modules (pinned in package.json) and is injected into the
page by Playwright: nothing is fetched from another host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Locator, Page, expect

from book_bench.site_server import Served
from live_widgets.core import ChoiceParam, NumberParam
from tests.e2e.conftest import Watch
from tests.e2e.route_fault import Fault
from tests.e2e.test_pages import sitemap_urls
from tests.e2e.test_widgets import ALTERNATES
from tests.e2e.widget_helpers import (
    PYODIDE_BINARY,
    assert_outputs_match,
    set_param,
    wait_ready,
    widget,
)
from widgets import all_specs, get_spec

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NAMES = [spec.name for spec in all_specs()]
SCHEMES: list[Literal["light", "dark"]] = ["light", "dark"]
BLOCKING = ("serious", "critical")
FAILED_LOAD = re.compile("Failed to load resource|net::ERR_FAILED")

AXE_RUN = """
async (impacts) => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                   targets: v.nodes.map((n) => n.target.join(" ")) }));
}
"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe violations on the page as it is now."""
    assert AXE.is_file(), "axe-core is not installed: run `npm ci` (or `make setup`)"
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated by the browser's debugger, not added as an inline <script>: the
        # pages' Content-Security-Policy rightly refuses inline scripts it has no hash for.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(AXE_RUN, list(BLOCKING))


def describe(where: str, violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{where}: {v['id']} ({v['impact']}: {v['help']}) at {', '.join(v['targets'][:8])}"
        + (f" and {len(v['targets']) - 8} more" if len(v["targets"]) > 8 else "")
        for v in violations
    ]


@contextmanager
def python_held(page: Page) -> Iterator[None]:
    """Hold Pyodide's wasm download: widgets stay in their first state, fast."""
    fault = Fault(page, PYODIDE_BINARY, lambda route: fault.hold(route)).install()
    try:
        yield
    finally:
        fault.clear()


def diagrams_drawn(page: Page) -> int:
    """Wait until every diagram on the page shows a drawing (the palette's, drawn ahead,
    or one Mermaid drew in the browser); returns how many diagrams the page has."""
    figures = page.locator("figure.diagram")
    count = figures.count()
    drawn = figures.filter(has=page.locator("svg:visible"))
    expect(drawn, f"{page.url}: diagrams showing a drawing").to_have_count(count)
    return count


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_book_page_passes_axe(
    site: Served, page: Page, watch: Watch, scheme: Literal["light", "dark"]
) -> None:
    """No serious or critical axe violation on any page of the sitemap, in either palette."""
    watch.allow_console.append(FAILED_LOAD)
    page.emulate_media(color_scheme=scheme)  # the first palette entry follows the system
    problems: list[str] = []
    with python_held(page):
        for url in sitemap_urls(site):
            page.goto(url)
            expect(page.locator("body")).to_have_attribute(
                "data-md-color-scheme", "slate" if scheme == "dark" else "default"
            )
            diagrams_drawn(page)
            problems += describe(f"{url} ({scheme})", axe_violations(page))
    assert not problems, "axe violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_every_embed_page_passes_axe_when_live(site: Served, page: Page, name: str) -> None:
    """/embed/<widget>/ with Python's results has no serious or critical axe violation,
    in the light and the dark colour scheme."""
    page.goto(f"{site.url}embed/{name}/")
    wait_ready(widget(page, name))
    problems: list[str] = []
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        problems += describe(f"embed/{name}/ ready ({scheme})", axe_violations(page))
    assert not problems, "axe violations:\n" + "\n".join(problems)


def test_embed_pages_pass_axe_in_the_error_state(site: Served, page: Page, watch: Watch) -> None:
    """The error state (Python could not start, Retry offered) passes axe in both schemes."""
    watch.allow_console.append(FAILED_LOAD)
    # A 404 fails at once; an aborted request can stall Emscripten's synchronous
    # XHR fallback inside the worker under Playwright's interception.
    page.context.route(PYODIDE_BINARY, lambda route: route.fulfill(status=404, body=""))
    problems: list[str] = []
    for name in NAMES:
        page.emulate_media(color_scheme="light")
        page.goto(f"{site.url}embed/{name}/")
        root = widget(page, name)
        expect(root).to_have_attribute("data-state", "error", timeout=60_000)
        expect(root.locator(".w-retry")).to_be_visible()
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            problems += describe(f"embed/{name}/ error ({scheme})", axe_violations(page))
    assert not problems, "axe violations:\n" + "\n".join(problems)


# ---- keyboard ---------------------------------------------------------------------------

MARK_CONTROLS = """
root => {
  const selector = "input, select, textarea, button, a[href], summary";
  const controls = [...root.querySelectorAll(selector)]
    .filter((el) => !el.disabled && el.checkVisibility());
  controls.forEach((el, i) => { el.dataset.kb = String(i); });
  return controls.map((el) => `${el.tagName.toLowerCase()}.${el.className || el.name}`);
}
"""

FOCUSED = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    kb: el.dataset ? el.dataset.kb ?? null : null,
    what: `${el.tagName.toLowerCase()}.${el.className || el.getAttribute("name") || ""}`,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
  };
}
"""


def parsed(name: str, param: str, text: str) -> object:
    return get_spec(name).param(param).coerce(text)


@pytest.mark.parametrize("name", NAMES)
def test_keyboard_reaches_every_control_with_visible_focus(
    site: Served, page: Page, name: str
) -> None:
    """Tab alone reaches every control of the widget, and each shows a focus indicator."""
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    controls: list[str] = root.evaluate(MARK_CONTROLS)
    assert len(controls) >= len(get_spec(name).params)
    reached: set[str] = set()
    unfocused: list[str] = []
    for _ in range(len(controls) * 2 + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["kb"] is None:
            if reached:
                break  # left the widget after visiting it
            continue
        reached.add(focused["kb"])
        if not (focused["outline"] or focused["shadow"]):
            unfocused.append(focused["what"])
    missed = [c for i, c in enumerate(controls) if str(i) not in reached]
    assert not missed, f"Tab never reached: {missed}"
    assert not unfocused, f"no visible focus indicator on: {unfocused}"


def test_the_announcement_is_said_once_then_taken_out_of_the_page(site: Served, page: Page) -> None:
    """The results' announcement is emptied a few seconds after it is said (announce.js
    CLEAR_AFTER_MS): left in, a screen reader reading down the page heard the results
    three times (the grid, this hidden line, the summary). A later change says them again."""
    name = "cache-hit-rate"
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    announce = root.locator(".w-announce")
    for value in (5000, 6000):
        set_param(root, "cache_size", value)
        wait_ready(root)
        expect(announce).to_have_text(results_line(root))
        expect(announce).to_have_text("", timeout=15_000)


@pytest.mark.parametrize("name", NAMES)
def test_keyboard_changes_update_live_outputs(site: Served, page: Page, name: str) -> None:
    """An arrow key on each slider, typing in a number box and arrowing through a select
    each change the value and recompute the outputs; once they settle, the polite
    announcement says every result with its label (the grid itself is not live: it
    read each new value alone, without its label, at every step)."""
    spec = get_spec(name)
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    announce = root.locator(".w-announce")
    assert root.locator(".w-outputs").evaluate("dl => dl.closest('[aria-live]')") is None
    expect(announce).to_have_text("")  # Python's first results equal the build's: nothing to say

    params: dict[str, object] = {}
    for param in spec.params:
        field = root.locator(f'.w-field[data-param="{param.name}"]')
        control = root.locator(f'[name="{param.name}"]')
        before = control.input_value()
        heard = results_line(root)
        if isinstance(param, NumberParam):
            at_max = float(before) >= param.maximum
            field.locator(".w-slider").focus()
            page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        else:
            assert isinstance(param, ChoiceParam)
            control.focus()
            key = "ArrowUp" if before == param.values[-1] else "ArrowDown"
            page.keyboard.press(key)
            # A styleable (base-select) menu opens on the first arrow, as menus do on
            # macOS: the next arrow moves to the neighbouring choice and Enter takes it.
            if control.evaluate("s => CSS.supports('selector(:open)') && s.matches(':open')"):
                page.keyboard.press(key)
                page.keyboard.press("Enter")
        expect(control, f"{param.name}: one key press changed nothing").not_to_have_value(before)
        params[param.name] = parsed(name, param.name, control.input_value())
        wait_ready(root)
        assert_outputs_match(root, name, params)
        if results_line(root) != heard:  # a step too small to change a shown result says nothing
            expect(announce).to_have_text(results_line(root))

    first = next(p for p in spec.params if isinstance(p, NumberParam))
    typed = str(ALTERNATES[name][first.name])
    number = root.locator(f'[name="{first.name}"]')
    heard = results_line(root)
    number.focus()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(typed)
    page.keyboard.press("Tab")
    expect(number).to_have_value(typed)
    params[first.name] = parsed(name, first.name, typed)
    wait_ready(root)
    assert_outputs_match(root, name, params)
    if results_line(root) != heard:
        expect(announce).to_have_text(results_line(root))


def test_focus_stays_with_the_reader_through_simulate_share_and_retry(
    site: Served, page: Page, watch: Watch
) -> None:
    """Pressed from the keyboard, Simulate keeps the focus while it runs (it was disabled,
    which sent focus to the page's start); Share's panel comes next in Tab order and
    Escape closes it onto its button; Retry, which hides itself, hands the focus to the
    status line that tells how the retry goes."""
    watch.allow_console.append(FAILED_LOAD)
    blocked = [True]
    page.context.route(
        PYODIDE_BINARY,
        lambda route: route.fulfill(status=404, body="") if blocked[0] else route.continue_(),
    )
    page.goto(f"{site.url}embed/cache-hit-rate/")
    root = widget(page, "cache-hit-rate")
    expect(root).to_have_attribute("data-state", "error", timeout=60_000)
    retry = root.locator(".w-retry")
    blocked[0] = False
    retry.focus()
    page.keyboard.press("Enter")
    expect(root.locator(".w-status")).to_be_focused()
    wait_ready(root)

    simulate = root.locator(".w-action").first
    simulate.focus()
    page.keyboard.press("Enter")
    expect(root.locator(".w-action-result")).not_to_contain_text(
        "running in Python", timeout=60_000
    )
    expect(simulate).to_be_focused()
    expect(simulate).not_to_have_attribute("aria-disabled", "true")
    # Its results under the labels the action declares (spec.py Action.outputs).
    expect(root.locator(".w-action-result dt")).to_have_text(
        ["Simulated hit rate", "Model's hit rate"]
    )

    share = root.locator(".w-share-toggle")
    share.focus()
    page.keyboard.press("Enter")
    expect(root.locator(".w-share")).to_be_visible()
    page.keyboard.press("Tab")
    expect(root.locator(".w-share-link")).to_be_focused()
    page.keyboard.press("Escape")
    expect(root.locator(".w-share")).to_be_hidden()
    expect(share).to_be_focused()
    expect(share).to_have_attribute("aria-expanded", "false")


def test_a_limit_that_pulls_a_value_down_says_so_where_it_is_heard(
    site: Served, page: Page
) -> None:
    """The note "Cache size must not exceed Distinct keys" goes in a polite region the
    build rendered (a region made and filled at once is seldom read out), and both of
    cache size's controls are described by it."""
    page.goto(f"{site.url}embed/cache-hit-rate/")
    root = widget(page, "cache-hit-rate")
    field = root.locator('.w-field[data-param="cache_size"]')
    note = field.locator(".w-rule-note")
    expect(note).to_have_count(1)  # as built, before any script ran
    expect(note).to_have_text("")
    note_id = note.get_attribute("id") or ""
    for control in (field.locator(".w-slider"), field.locator(".w-number")):
        described = (control.get_attribute("aria-describedby") or "").split()
        assert note_id in described, described
    wait_ready(root)
    set_param(root, "keys", 500)
    expect(note).to_contain_text("Cache size must not exceed Distinct keys")
    assert note.get_attribute("aria-live") == "polite"


def test_a_widget_off_the_screen_does_not_talk_over_the_chapter(site: Served, page: Page) -> None:
    """While a reader reads the top of `caching/`, its widget's status (a live region
    that says "Downloading Python…", "Starting Python…", "Live…") is kept quiet; in
    view, or holding the focus, it speaks again; its text is current throughout."""
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"{site.url}caching/")
    root = widget(page, "cache-hit-rate")
    status = root.locator(".w-status")
    expect(status).to_have_attribute("aria-live", "off")
    wait_ready(root)
    expect(status).to_contain_text("Live")  # current, though not said
    root.locator(".w-status").scroll_into_view_if_needed()
    expect(status).to_have_attribute("aria-live", "polite")
    page.evaluate("window.scrollTo(0, 0)")
    expect(status).to_have_attribute("aria-live", "off")
    root.locator(".w-slider").first.focus()  # focusing scrolls it into view, and holds it
    expect(status).to_have_attribute("aria-live", "polite")


QUIET_AT_ONCE = r"""async (scrolled) => {
  const boot = document.querySelector('script[src*="/js/boot.js"]').src;
  const { quietOffScreen } = await import(boot.replace(/boot\.js$/, "announce.js"));
  const root = document.createElement("section");
  root.style.cssText = `position: absolute; top: ${scrolled ? 5 * innerHeight : 0}px; height: 40px; width: 40px`;
  const region = document.createElement("p");
  root.append(region);
  document.body.append(root);
  quietOffScreen(region, root);
  return region.getAttribute("aria-live"); // read in the same task: no observer report yet
}"""


def test_a_widget_in_view_speaks_from_its_first_word(site: Served, page: Page) -> None:
    """A widget in view when the page opens is polite at once, so its first stage
    ("Downloading Python…") is heard; it waited for the observer's first report, a
    frame later, and said nothing until then. One out of view starts quiet."""
    page.goto(f"{site.url}embed/cache-hit-rate/")
    assert page.evaluate(QUIET_AT_ONCE, False) == "polite"
    assert page.evaluate(QUIET_AT_ONCE, True) == "off"


def results_line(root: Locator) -> str:
    """ "Label: value." for each result on show, as the announcement should say them."""
    rows = root.locator(".w-outputs .w-output").evaluate_all(
        "rows => rows.map((r) => [r.querySelector('dt').textContent, r.querySelector('dd').textContent])"
    )
    return " ".join(f"{label.strip()}: {value.strip()}." for label, value in rows)


# ---- motion -------------------------------------------------------------------------------

MOTION = """
root => {
  const moving = [];
  for (const el of [root, ...root.querySelectorAll("*")]) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      const transition = style.transitionDuration.split(",").some((d) => parseFloat(d) > 0);
      if (style.animationName !== "none" || transition) {
        moving.push(`${el.tagName.toLowerCase()}.${el.getAttribute("class") || ""}${pseudo || ""}`
                    + ` (${style.animationName}, ${style.transitionDuration})`);
      }
    }
  }
  return moving;
}
"""

ADD_MOVED = """
root => {
  root.classList.add("w-animate-moves");  // as after a step
  const probe = document.createElementNS("http://www.w3.org/2000/svg", "circle");
  probe.setAttribute("class", "w-dot w-moved");
  probe.setAttribute("data-probe", "moved");
  root.querySelector(".w-figures svg").append(probe);
}
"""


def animation(locator: Locator, pseudo: str | None = None) -> str:
    return locator.evaluate("(el, pseudo) => getComputedStyle(el, pseudo).animationName", pseudo)


@pytest.mark.parametrize("name", NAMES)
def test_animations_respect_reduced_motion(
    site: Served, page: Page, watch: Watch, name: str
) -> None:
    """The loading spinner and moved-key pulses animate normally and stop entirely
    (no animation, no transition in the widget) when the reader asks for reduced motion."""
    watch.allow_console.append(FAILED_LOAD)
    with python_held(page):
        page.goto(f"{site.url}embed/{name}/")
        root = widget(page, name)
        expect(root).to_have_attribute("data-state", "loading")
        root.evaluate(ADD_MOVED)
        status = root.locator(".w-status-text")
        moved = root.locator("[data-probe='moved']")
        page.emulate_media(reduced_motion="no-preference")
        assert animation(status, "::before") == "w-spin"
        assert animation(moved) == "w-pulse"
        page.emulate_media(reduced_motion="reduce")
        assert animation(status, "::before") == "none"
        assert animation(moved) == "none"
        assert root.evaluate(MOTION) == []


def test_moved_keys_do_not_pulse_with_reduced_motion(site: Served, page: Page) -> None:
    """After a reshard step the moved keys are marked, and stay still with reduced motion."""
    spec = get_spec("reshard")
    if not spec.steps:
        pytest.skip("reshard has no step buttons")
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{site.url}embed/reshard/")
    root = widget(page, "reshard")
    wait_ready(root)
    root.locator(f'.w-step[data-step="{spec.steps[0].key}"]').click()
    wait_ready(root)
    moved = root.locator(".w-moved")
    expect(moved.first).to_be_attached()
    assert (
        moved.evaluate_all("els => els.map(e => getComputedStyle(e).animationName)")
        == ["none"] * moved.count()
    )
    assert root.evaluate(MOTION) == []


# ---- text alternatives ----------------------------------------------------------------------

FIGURE_PROBLEMS = """
root => {
  const problems = [];
  for (const svg of root.querySelectorAll(".w-figures svg, .w-action-result svg")) {
    if (svg.getAttribute("role") !== "img") problems.push(`svg without role=img: ${svg.outerHTML.slice(0, 80)}`);
    // Named once: by its <title> or by an aria-label, never both (the <title> is then
    // read again as its description).
    const label = (svg.getAttribute("aria-label") || "").trim();
    const title = (svg.querySelector(":scope > title")?.textContent || "").trim();
    if (!label && !title) problems.push(`svg without a name: ${svg.outerHTML.slice(0, 80)}`);
    if (label && title) problems.push(`svg named twice: ${svg.outerHTML.slice(0, 80)}`);
  }
  for (const figure of root.querySelectorAll(".w-figures figure, .w-action-result figure")) {
    const caption = figure.querySelector(":scope > figcaption");
    if (!caption || !caption.textContent.trim()) problems.push(`figure without caption: ${figure.dataset.figure}`);
  }
  return problems;
}
"""


@pytest.mark.parametrize("name", NAMES)
def test_charts_have_text_alternatives(site: Served, page: Page, name: str) -> None:
    """Every chart is an svg with role=img named once (its title or an aria-label), and
    every figure has a caption: as built, as redrawn by Python, and in an action's result."""
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    assert root.locator(".w-figures svg").count() >= 1
    assert root.evaluate(FIGURE_PROBLEMS) == [], "as built"
    wait_ready(root)
    first = get_spec(name).params[0].name
    root.locator(f'[name="{first}"]').fill(str(ALTERNATES[name][first]))
    root.locator(f'[name="{first}"]').press("Tab")
    wait_ready(root)
    assert root.evaluate(FIGURE_PROBLEMS) == [], "as redrawn by Python"
    for button in root.locator(".w-action").all():
        button.click()
        result = root.locator(".w-action-result")
        expect(result).not_to_contain_text("running in Python", timeout=60_000)
        expect(result.locator("[data-output]").first).to_be_attached()
        assert root.evaluate(FIGURE_PROBLEMS) == [], f"after {button.text_content()}"


class _Figures(HTMLParser):
    """Diagram figures in a built page, with their caption text."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[tuple[str, str]] = []  # (data-diagram, caption text)
        self._figure: str | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "figure" and "diagram" in (values.get("class") or "").split():
            self._figure = values.get("data-diagram") or "?"
        elif tag == "figcaption" and self._figure is not None:
            self._caption = []

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self._figure is not None:
            self.figures.append((self._figure, "".join(self._caption or []).strip()))
            self._figure, self._caption = None, None


def test_every_diagram_has_a_caption(site: Served) -> None:
    """Every diagram in the built book carries a non-empty figcaption (its text alternative)."""
    found = 0
    for url in sitemap_urls(site):
        path = site.root / url.removeprefix(site.url) / "index.html"
        parser = _Figures()
        parser.feed(path.read_text(encoding="utf-8"))
        for name, caption in parser.figures:
            assert caption, f"{url}: diagram {name} has no caption"
            found += 1
    assert found >= 20
