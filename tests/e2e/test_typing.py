"""Typing into a widget's number boxes: checked when the reader commits (leaves the box,
presses Enter, pauses) or at once when the text is a complete valid number; while it
is invalid nothing goes to Python, and one message, in the reader's labels, says so
and agrees with the results shown.

The fields are read from the declarations (as tests/widget_declarations.py does), so a
new widget is covered with no list to edit. The pause is driven with Playwright's
clock, never a sleep.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from book_bench.site_server import Served
from live_widgets.core import NumberParam, WidgetSpec
from live_widgets.core.format import plain_number
from tests.e2e.test_accessibility import AXE, BLOCKING, describe
from tests.e2e.test_widgets import HOSTS
from tests.e2e.widget_helpers import (
    assert_outputs_match,
    reveal,
    shown_outputs,
    wait_ready,
    widget,
)
from widgets import all_specs, get_spec

PAUSE_MS = 1000  # controller.js TYPING_PAUSE_MS
NAMES = [spec.name for spec in all_specs()]
RULED = [spec.name for spec in all_specs() if spec.rules]


def numbers(spec: WidgetSpec) -> list[NumberParam]:
    return [p for p in spec.params if isinstance(p, NumberParam)]


def unbounded(spec: WidgetSpec) -> NumberParam:
    """The first number no other parameter bounds: its own range is the whole story."""
    ruled = {rule.param for rule in spec.rules}
    return next(p for p in numbers(spec) if p.name not in ruled)


def as_typed(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


@dataclass(frozen=True)
class Case:
    """Something a reader might type, the field it goes in, and what the message says."""

    what: str
    field: Callable[[WidgetSpec], NumberParam | None]
    text: Callable[[NumberParam], str]
    says: str


CASES = [
    Case("too large", unbounded, lambda p: as_typed(p.maximum * 10 + 1), "must be from"),
    Case(
        "a decimal in a whole number",
        lambda s: next((p for p in numbers(s) if p.integer), None),
        lambda p: f"{as_typed(p.default)}.5",
        "must be a whole number",
    ),
    Case("letters", lambda s: numbers(s)[0], lambda p: "abc", "must be a number"),
    Case("an empty box", lambda s: numbers(s)[0], lambda p: "", "is empty"),
]


def error_texts(root: Locator) -> list[str]:
    return [t.strip() for t in root.locator(".w-error").all_inner_texts() if t.strip()]


def assert_one_message(root: Locator, param: NumberParam, says: str, last: object) -> None:
    """One message, in the field it is about, in the label the reader sees, saying the
    results are still for the last valid value; the results are exactly those."""
    field = root.locator(f'.w-field[data-param="{param.name}"]')
    message = field.locator(".w-error")
    expect(message).to_contain_text(f"{param.label} {says}")
    texts = error_texts(root)
    assert len(texts) == 1, texts
    text = texts[0]
    if "_" in param.name:
        assert param.name not in text, text
    assert f"The results are still for {plain_number(float(last))}" in text, text  # type: ignore[arg-type]
    box = root.locator(f'[name="{param.name}"]')
    expect(box).to_have_attribute("aria-invalid", "true")
    described = (box.get_attribute("aria-describedby") or "").split()
    assert message.get_attribute("id") in described
    assert message.get_attribute("aria-live") == "polite"
    assert message.get_attribute("role") is None  # not an alert: said when the reader pauses
    expect(root.locator(".w-held-note")).to_contain_text(param.label)
    expect(root).to_have_attribute("data-state", "ready")
    status = root.locator(".w-status").inner_text()
    assert status.startswith("Live"), status  # no second message about the same thing


def stop_clock(page: Page) -> None:
    """Stop the page's (installed) clock just ahead of its present time."""
    now = datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, tz=UTC)
    page.clock.pause_at(now + timedelta(milliseconds=100))


def open_widget(page: Page, site: Served, name: str) -> Locator:
    """The widget's embed page, live, with the page's clock stopped: from here on a
    pause in typing happens only when the test moves the clock on."""
    page.clock.install()
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    stop_clock(page)
    return root


@pytest.mark.parametrize("name", NAMES)
def test_each_wrong_entry_gives_one_message_that_agrees(
    site: Served, page: Page, name: str
) -> None:
    """Too large, a decimal in a whole number, letters, an empty box: each gives one
    message naming the field's label, nothing goes to Python (the results stay those of
    the last valid values, as the message says), and fixing the value clears it."""
    spec = get_spec(name)
    root = open_widget(page, site, name)
    before = shown_outputs(root)
    commits = ["Tab", "Enter", "pause"]
    for index, case in enumerate(CASES):
        param = case.field(spec)
        if param is None:
            continue
        box = root.locator(f'[name="{param.name}"]')
        last = box.input_value()
        box.fill(case.text(param))
        expect(root.locator(".w-error:not(:empty)")).to_have_count(0)  # not while typing
        commit = commits[index % len(commits)]
        if commit == "pause":
            page.clock.run_for(PAUSE_MS)
        else:
            box.press(commit)
        assert_one_message(root, param, case.says, float(last))
        assert shown_outputs(root) == before, case.what
        assert_outputs_match(root, name, {})
        box.fill(last)
        box.press("Tab")
        expect(root.locator(".w-error:not(:empty)")).to_have_count(0)
        expect(root.locator(".w-held-note")).to_be_hidden()
        expect(box).to_have_attribute("aria-invalid", "false")


@pytest.mark.parametrize("name", RULED)
def test_over_a_bound_set_by_another_parameter_names_it(
    site: Served, page: Page, name: str
) -> None:
    """A typed value above the parameter that bounds it (cache size above keys) says so
    in both labels, once, and the results stay those of the last valid value."""
    spec = get_spec(name)
    root = open_widget(page, site, name)
    for rule in spec.rules:
        param, limit = spec.param(rule.param), spec.param(rule.limit)
        assert isinstance(param, NumberParam)
        bound = float(root.locator(f'[name="{limit.name}"]').input_value())
        if bound >= param.maximum:
            continue  # the declared maximum is the tighter bound: covered above
        box = root.locator(f'[name="{param.name}"]')
        last = box.input_value()
        over = min(bound + 1 if param.integer else bound * 1.5, param.maximum)
        box.fill(as_typed(over))
        page.clock.run_for(PAUSE_MS)
        assert_one_message(root, param, f"must not exceed {limit.label}", float(last))
        field = root.locator(f'.w-field[data-param="{param.name}"]')
        expect(field.locator(".w-error")).to_contain_text(f"({plain_number(bound)}")
        assert_outputs_match(root, name, {})
        box.fill(last)
        box.press("Enter")
        expect(root.locator(".w-error:not(:empty)")).to_have_count(0)


def test_a_complete_valid_number_goes_at_once_and_a_half_typed_one_waits(
    site: Served, page: Page
) -> None:
    """A complete valid number recomputes with no commit; a half-typed one ("1e")
    sends nothing and says nothing until the reader pauses."""
    name = "cache-hit-rate"
    root = open_widget(page, site, name)
    page.clock.resume()
    box = root.locator('[name="cache_size"]')
    box.fill("500")  # no Tab, no Enter, no pause
    expect(root.locator('[name="cache_size"]')).to_have_value("500")
    wait_ready(root)
    expect(root).not_to_have_class(re.compile(r"\bw-stale\b"))
    assert_outputs_match(root, name, {"cache_size": 500})
    stop_clock(page)
    box.fill("1e")
    expect(root.locator(".w-error:not(:empty)")).to_have_count(0)
    page.clock.run_for(PAUSE_MS - 1)
    expect(root.locator(".w-error:not(:empty)")).to_have_count(0)
    page.clock.run_for(1)
    assert_one_message(root, get_spec(name).param("cache_size"), "must be a number", 500)  # type: ignore[arg-type]
    assert_outputs_match(root, name, {"cache_size": 500})
    page.clock.resume()
    box.fill("1e3")  # complete and valid again: sent at once, the message goes
    expect(root.locator(".w-error:not(:empty)")).to_have_count(0)
    wait_ready(root)
    assert_outputs_match(root, name, {"cache_size": 1000})


def test_two_wrong_fields_still_give_one_message(site: Served, page: Page) -> None:
    """Two invalid boxes: both are marked invalid, only the newest message shows, and
    fixing that one brings back the other's."""
    name = "cache-hit-rate"
    spec = get_spec(name)
    root = open_widget(page, site, name)
    first, second = numbers(spec)[0], numbers(spec)[1]
    root.locator(f'[name="{first.name}"]').fill("abc")
    root.locator(f'[name="{first.name}"]').press("Tab")
    root.locator(f'[name="{second.name}"]').fill("")
    root.locator(f'[name="{second.name}"]').press("Tab")
    assert_one_message(root, second, "is empty", second.default)
    expect(root.locator(f'[name="{first.name}"]')).to_have_attribute("aria-invalid", "true")
    root.locator(f'[name="{second.name}"]').fill(as_typed(second.default))
    root.locator(f'[name="{second.name}"]').press("Tab")
    assert_one_message(root, first, "must be a number", first.default)


# Python refuses one value of cache_size, as if its check and the browser's disagreed.
REFUSE_ONE_VALUE = """refused => {
  const runtime = window.__liveWidgets.runtime;
  const real = runtime.request.bind(runtime);
  runtime.request = (key, payload, options) =>
    payload.kind === "run" && payload.params.cache_size === refused
      ? Promise.resolve({ ok: false, param: "cache_size", error: "cache_size: refused by the test" })
      : real(key, payload, options);
}"""


def test_a_value_python_refuses_keeps_its_message_until_it_changes(
    site: Served, page: Page
) -> None:
    """A value the browser passed but Python refused keeps its message, by its field,
    while the widget shows that error: pressing Enter on the same value again does not
    clear it (the state would stay "error" with nothing saying why). A new value does."""
    name = "cache-hit-rate"
    root = open_widget(page, site, name)
    page.clock.resume()
    page.evaluate(REFUSE_ONE_VALUE, 777)
    box = root.locator('[name="cache_size"]')
    message = root.locator('.w-field[data-param="cache_size"] .w-error')
    box.fill("777")
    box.press("Enter")
    expect(root).to_have_attribute("data-state", "error")
    expect(message).to_have_text("Cache size refused by the test.")
    expect(root.locator(".w-status")).to_contain_text("Python did not accept these inputs")
    box.press("Enter")  # the same value committed again
    box.press("Tab")
    expect(message).to_have_text("Cache size refused by the test.")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(root).to_have_attribute("data-state", "error")
    box.fill("500")
    wait_ready(root)
    expect(message).to_be_empty()
    expect(box).to_have_attribute("aria-invalid", "false")
    assert_outputs_match(root, name, {"cache_size": 500})


AXE_WIDGET = """
async (impacts) => {
  const result = await axe.run(document.querySelector("[data-widget]"), { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                   targets: v.nodes.map((n) => n.target.join(" ")) }));
}
"""


@pytest.mark.parametrize("where", ["chapter", "embed"])
def test_a_message_and_the_marked_results_pass_axe(site: Served, page: Page, where: str) -> None:
    """With a message shown and the results marked as the last valid ones, the widget has
    no serious or critical axe violation (contrast of the framed results and the note
    included), in the light and the dark scheme."""
    name = "cache-hit-rate"
    page.goto(site.url + (HOSTS[name] if where == "chapter" else f"embed/{name}/"))
    root = widget(page, name)
    reveal(root)
    wait_ready(root)
    box = root.locator('[name="cache_size"]')
    box.fill("12.5")
    box.press("Enter")
    expect(root.locator(".w-held-note")).to_be_visible()
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")  # as test_accessibility
    problems: list[str] = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        problems += describe(f"{where} ({scheme})", page.evaluate(AXE_WIDGET, list(BLOCKING)))
    assert not problems, "axe violations:\n" + "\n".join(problems)
