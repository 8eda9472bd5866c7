"""Helpers for driving widgets: wait on their states, read their outputs, compare with CPython."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from playwright.sync_api import Locator, Page, expect

from book_bench.cpython import expected_outputs, same_value

READY_TIMEOUT_MS = 90_000  # a cold Pyodide start on a 2-core CI machine, with margin
# Pyodide's binary as a start fetches it: the build's gzip copy, or the original where
# the browser cannot use the copy. Tests hold or fail it to keep Python from starting.
PYODIDE_BINARY = re.compile(r"pyodide\.asm\.wasm(\.gzip\.bin)?$")
# A page script (context.add_init_script) that makes the reader save data: the page then
# starts no Python until asked (saving-data.js), as a reader with Save-Data on.
SAVING_DATA = """Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true, get: () => ({ saveData: true, effectiveType: "4g" }),
});"""


def widget(page: Page, name: str) -> Locator:
    return page.locator(f'[data-widget="{name}"]').first


def wait_ready(root: Locator) -> None:
    root.scroll_into_view_if_needed()
    expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)


# A JavaScript expression: the machine values of the outputs under `root`, by name.
OUTPUTS_OF_ROOT = """Object.fromEntries([...root.querySelectorAll('.w-outputs [data-output]')]
  .map(n => [n.dataset.output, n.dataset.value]))"""


def shown_outputs(root: Locator) -> dict[str, str]:
    return root.evaluate(f"root => {OUTPUTS_OF_ROOT}")


def assert_outputs_match(root: Locator, name: str, params: Mapping[str, object]) -> None:
    assert_shown_outputs_match(shown_outputs(root), name, params)


def assert_shown_outputs_match(
    shown: Mapping[str, str], name: str, params: Mapping[str, object]
) -> None:
    """`shown` (as `shown_outputs` reads them) are CPython's outputs for `params`."""
    expected = expected_outputs(name, params)
    assert set(expected) <= set(shown), (expected, shown)
    wrong = {k: (shown[k], v) for k, v in expected.items() if not same_value(shown[k], v)}
    assert not wrong, f"{name} {dict(params)}: shown vs CPython {wrong}"


def set_param(root: Locator, name: str, value: object) -> None:
    """Change a control as a person would: type into the number box or pick an option."""
    control = root.locator(f'[name="{name}"]')
    if control.evaluate("el => el.tagName") == "SELECT":
        control.select_option(str(value))
    else:
        control.fill(str(value))
        control.press("Tab")


def block_params(root: Locator) -> dict[str, object]:
    """The parameters the page's block sets (those that differ from the defaults)."""
    return json.loads(root.get_attribute("data-block-params") or "{}")


def reveal(root: Locator) -> None:
    """Answer a block's `predict:` question by skipping it, so the results show."""
    skip = root.locator(".w-predict-skip")
    if skip.count() and skip.is_visible():
        skip.click()
