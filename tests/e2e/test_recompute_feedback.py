"""What a live widget shows while Python recomputes: nothing for a quick answer, a
spinner and dimmed results for a slow one (controller.js LOOKS_READY_MS, widgets.css)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from book_bench.site_server import Served
from tests.e2e.test_typing import stop_clock
from tests.e2e.widget_helpers import set_param, wait_ready, widget

NAME = "cache-hit-rate"
SAY_COMPUTING_MS = 1000  # controller.js

# Change `keys` and, in the same task (before any timer can fire), read what the reader
# would see: the widget's state and classes, the status mark and the results' opacity.
CHANGE_AND_LOOK = """root => {
  const input = root.querySelector('[name="keys"]');
  input.value = String(Number(input.value.replace(/,/g, "")) + 1000);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  return look(root);
}"""

LOOK = """window.look = (root) => ({
  state: root.dataset.state,
  stale: root.classList.contains("w-stale"),
  quick: root.classList.contains("w-quick"),
  mark: getComputedStyle(root.querySelector(".w-status-text"), "::before").content,
  opacity: getComputedStyle(root.querySelector(".w-results")).opacity,
});"""

# Hold every recompute request on its way to the worker until window.__release().
HOLD_REQUESTS = """() => {
  const runtime = window.__liveWidgets.runtime;
  const send = runtime.worker.postMessage.bind(runtime.worker);
  window.__held = [];
  runtime.worker.postMessage = (message) => {
    if (message.type === "request") window.__held.push(message);
    else send(message);
  };
  window.__release = () => {
    runtime.worker.postMessage = send;
    for (const message of window.__held.splice(0)) send(message);
  };
}"""

DOT = '"● " / ""'  # the "live" mark, with no text for screen readers; the spinner's is ""


def test_a_recompute_starts_out_looking_ready(site: Served, page: Page) -> None:
    """The moment an input changes, the widget leaves data-state "ready" (its results no
    longer match the inputs) but shows no spinner and does not dim its results, so a
    recompute that answers within LOOKS_READY_MS never flashes either."""
    page.add_init_script(LOOK)
    page.goto(f"{site.url}embed/{NAME}/")
    root = widget(page, NAME)
    wait_ready(root)
    seen = root.evaluate(CHANGE_AND_LOOK)
    assert seen == {"state": "loading", "stale": True, "quick": True, "mark": DOT, "opacity": "1"}
    wait_ready(root)
    expect(root).not_to_have_class(re.compile(r"\bw-(quick|stale)\b"))


def test_a_slow_recompute_shows_the_spinner_and_dims_the_results(site: Served, page: Page) -> None:
    """A recompute still unanswered after LOOKS_READY_MS shows the spinner and dims the results
    (at once when the reader asks for reduced motion), and the answer brings back the
    live mark at full opacity. The request is held on its way to the worker, so the
    recompute is as slow as the test needs."""
    page.add_init_script(LOOK)
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{site.url}embed/{NAME}/")
    root = widget(page, NAME)
    wait_ready(root)
    page.evaluate(HOLD_REQUESTS)
    set_param(root, "keys", 120_000)
    expect(root).to_have_attribute("data-state", "loading")
    expect(root).not_to_have_class(re.compile(r"\bw-quick\b"))
    seen = root.evaluate("root => look(root)")
    assert seen == {
        "state": "loading",
        "stale": True,
        "quick": False,
        "mark": '""',
        "opacity": "0.6",
    }
    assert page.evaluate("window.__held.length") == 1
    page.evaluate("window.__release()")
    wait_ready(root)
    assert root.evaluate("root => look(root)") == {
        "state": "ready",
        "stale": False,
        "quick": False,
        "mark": DOT,
        "opacity": "1",
    }


def test_a_recompute_of_a_second_or_more_is_said_in_words(site: Served, page: Page) -> None:
    """A screen reader does not see the spinner or the dimmed results: a recompute still
    running after SAY_COMPUTING_MS puts it in the status line (a polite live region),
    and the answer puts "Live" back. One answered sooner changes no words at all, even
    once that time has passed (every step of a drag would otherwise be spoken). The
    page's clock stands still, so "sooner" does not depend on this machine's speed."""
    page.clock.install()
    page.goto(f"{site.url}embed/{NAME}/")
    root = widget(page, NAME)
    wait_ready(root)
    stop_clock(page)
    status = root.locator(".w-status-text")
    live = "Live: Python in your browser computed these results."
    expect(status).to_have_text(live)
    root.evaluate(
        """root => {
          window.__said = [];
          const text = root.querySelector(".w-status-text");
          new MutationObserver(() => window.__said.push(text.textContent))
            .observe(text, { childList: true, characterData: true, subtree: true });
        }"""
    )
    set_param(root, "keys", 110_000)
    wait_ready(root)
    page.clock.run_for(SAY_COMPUTING_MS + 500)
    assert page.evaluate("window.__said") == []
    page.evaluate(HOLD_REQUESTS)
    set_param(root, "keys", 120_000)
    page.clock.run_for(SAY_COMPUTING_MS - 1)
    expect(status).to_have_text(live)
    page.clock.run_for(1)
    expect(status).to_have_text(
        "Python is computing your change; the results shown are still for the previous inputs."
    )
    page.evaluate("window.__release()")
    wait_ready(root)
    expect(status).to_have_text(live)
