"""Sliders cannot walk into an error: every slider of every widget, pressed to its End and
back to its Home (from the defaults), leaves the widget live with results that match
CPython and no message, because a slider's range follows any bound another input sets."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from book_bench.site_server import Served
from live_widgets.core import NumberParam
from tests.e2e.widget_helpers import READY_TIMEOUT_MS, assert_outputs_match, wait_ready, widget
from widgets import all_specs, get_spec

NAMES = [spec.name for spec in all_specs()]

# The widget has answered the latest change: nothing queued or computing, not loading.
SETTLED = """root => {
  const runtime = window.__liveWidgets.runtime;
  return !runtime.inflight && runtime.pending.size === 0 && root.dataset.state !== "loading";
}"""


def _press_and_settle(page: Page, root: Locator, slider: Locator, key: str) -> None:
    slider.focus()
    page.keyboard.press(key)
    page.wait_for_function(SETTLED, arg=root.element_handle(), timeout=READY_TIMEOUT_MS)


@pytest.mark.parametrize("name", NAMES)
def test_every_slider_goes_to_both_ends_without_an_error(
    site: Served, page: Page, name: str
) -> None:
    """End then Home on each slider: the widget stays live, shows no message, and its
    results are CPython's for the value the slider reached."""
    spec = get_spec(name)
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    sliders = [param for param in spec.params if isinstance(param, NumberParam)]
    for number, param in enumerate(sliders, 1):
        field = root.locator(f'.w-field[data-param="{param.name}"]')
        for key in ("End", "Home"):
            _press_and_settle(page, root, field.locator(".w-slider"), key)
            where = f"{param.name} at {key}"
            expect(root, where).to_have_attribute("data-state", "ready")
            expect(root.locator(".w-notice"), where).to_be_hidden()
            for message in root.locator(".w-error").all():
                expect(message, where).to_have_text("")
            # Every input as the form shows it: one slider's end may have moved a value
            # it bounds (cache size follows distinct keys down), which must show too.
            shown = {
                p.name: p.coerce(root.locator(f'[name="{p.name}"]').input_value())
                for p in spec.params
            }
            assert_outputs_match(root, name, shown)
        # Back to the defaults for the next slider, if any (a fresh page: a value this
        # slider moved through its bound is restored too).
        if number < len(sliders):
            page.goto(f"{site.url}embed/{name}/")
            wait_ready(root)
