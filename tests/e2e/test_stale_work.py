"""Newer values stop a stale computation: a model computed in parts (load-balancing's
`view_in_parts`) is stopped at its next part when the reader moves on, since its result
could only be dropped (runtime.js stopStale, worker.js answer)."""

from __future__ import annotations

from playwright.sync_api import Page

from book_bench.site_server import Served
from tests.e2e.widget_helpers import assert_outputs_match, wait_ready, widget

NAME = "load-balancing"
# The largest run: about a second of Python, so the second change always comes while
# the first is being computed.
SLOW = {"requests": 100_000}

# Type two server counts one after the other, the second once the first is with Python.
TWO_CHANGES = """
async (root) => {
  const runtime = window.__liveWidgets.runtime;
  const input = root.querySelector('[name="servers"]');
  const change = (value) => {
    input.value = String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  change(12);
  for (let i = 0; i < 20 && !runtime.inflight; i++) await null;  // sent, not yet answered
  const first = runtime.inflight?.payload.params.servers;
  change(13);
  for (let i = 0; i < 20 && !runtime.pending.size; i++) await null;  // asked for, not sent
  return { first, stopAsked: Boolean(runtime.inflight?.stopAsked) };
}
"""


def test_newer_values_stop_the_computation_they_make_stale(site: Served, page: Page) -> None:
    """A change is sent to Python at once; a second change while Python computes the
    first stops that computation at its next part (the worker says so), and the widget
    shows the second change's results, as CPython computes them. Python ran to the end
    twice: for the first result and for the second change."""
    page.goto(f"{site.url}embed/{NAME}/?requests={SLOW['requests']}")
    root = widget(page, NAME)
    wait_ready(root)
    assert root.evaluate(TWO_CHANGES) == {"first": 12, "stopAsked": True}
    wait_ready(root)
    assert_outputs_match(root, NAME, {**SLOW, "servers": 13})
    runtime = "window.__liveWidgets.runtime"
    assert page.evaluate(f"{runtime}.stopped") == 1
    assert page.evaluate(f"{runtime}.computeMs['{NAME}'].length") == 2
