"""What individual widgets promise beyond the shared contract."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from book_bench.site_server import Served
from tests.e2e.widget_helpers import (
    assert_outputs_match,
    set_param,
    shown_outputs,
    wait_ready,
    widget,
)
from widgets import all_specs, get_spec
from widgets.cost_ladder.stages import STAGE_IDS

STAGES = list(STAGE_IDS)  # the ladder's own order (pinned by the model's unit tests)
WITHOUT_WARM_UP = [spec.name for spec in all_specs() if not spec.warm]


def _dau_per_stage() -> list[int]:
    """One DAU value inside each stage, found with the CPython model (defaults otherwise)."""
    spec = get_spec("cost-ladder")
    found: dict[str, int] = {}
    dau = 100.0
    while dau <= 1e9:
        stage = str(spec.run({"dau": round(dau)}).output("stage").value)
        found.setdefault(stage, round(dau))
        dau *= 1.25
    assert list(found) == STAGES, found
    return list(found.values())


def test_cost_ladder_dau_walks_through_all_six_stages(site: Served, page: Page) -> None:
    """Moving the DAU control climbs every stage, in order, with CPython's numbers."""
    page.goto(f"{site.url}embed/cost-ladder/")
    root = widget(page, "cost-ladder")
    wait_ready(root)
    seen = []
    for dau in _dau_per_stage():
        set_param(root, "dau", dau)
        expect(root).to_have_attribute("data-state", "ready")
        assert_outputs_match(root, "cost-ladder", {"dau": dau})
        seen.append(shown_outputs(root)["stage"])
    assert seen == STAGES


def test_reshard_ring_shows_the_shards_and_steps_add_one(site: Served, page: Page) -> None:
    """The ring draws exactly M shards; "Add a shard" moves from M to M+1 and redraws."""
    page.goto(f"{site.url}embed/reshard/")
    root = widget(page, "reshard")
    wait_ready(root)
    set_param(root, "to_shards", 7)
    expect(root).to_have_attribute("data-state", "ready")
    ring = root.locator("svg[data-shards]")
    expect(ring).to_have_attribute("data-shards", "7")
    expect(ring.locator("[data-shard]")).to_have_count(7)
    root.get_by_role("button", name="Add a shard").click()
    expect(root.locator('[name="from_shards"]')).to_have_value("7")
    expect(root.locator('[name="to_shards"]')).to_have_value("8")
    expect(root).to_have_attribute("data-state", "ready")
    expect(root.locator("svg[data-shards]")).to_have_attribute("data-shards", "8")
    assert_outputs_match(root, "reshard", {"from_shards": 7, "to_shards": 8})
    assert root.locator(".w-moved").count() > 0


PULSING = (
    "root => [...root.querySelectorAll('.w-moved')]"
    ".filter((el) => getComputedStyle(el).animationName === 'w-pulse').length"
)


def test_reshard_moved_keys_pulse_after_a_step_not_after_a_change(site: Served, page: Page) -> None:
    """A step button's result draws the eye to the keys that moved (one pulse); a slider
    or typed change redraws them still, so a drag never piles pulsing rings together."""
    page.emulate_media(reduced_motion="no-preference")
    page.goto(f"{site.url}embed/reshard/")
    root = widget(page, "reshard")
    wait_ready(root)
    set_param(root, "to_shards", 6)
    expect(root).to_have_attribute("data-state", "ready")
    assert_outputs_match(root, "reshard", {"to_shards": 6})
    moved = root.locator(".w-moved").count()
    assert moved > 0 and root.evaluate(PULSING) == 0
    root.get_by_role("button", name="Add a shard").click()
    expect(root.locator('[name="to_shards"]')).to_have_value("7")
    expect(root).to_have_attribute("data-state", "ready")
    assert_outputs_match(root, "reshard", {"from_shards": 6, "to_shards": 7})
    assert root.evaluate(PULSING) == root.locator(".w-moved").count() > 0
    set_param(root, "to_shards", 9)
    expect(root.locator('[name="to_shards"]')).to_have_value("9")
    expect(root).to_have_attribute("data-state", "ready")
    assert_outputs_match(root, "reshard", {"from_shards": 6, "to_shards": 9})
    assert root.evaluate(PULSING) == 0


FIGURE_KEYS = (
    "root => [...root.querySelectorAll('.w-figures > figure')].map((f) => f.dataset.figure)"
)
MARK_FIGURES = "root => { for (const f of root.querySelectorAll('.w-figures > figure')) f.dataset.probe = 'kept'; }"
KEPT_FIGURES = (
    "root => [...root.querySelectorAll('.w-figures > figure[data-probe=kept]')]"
    ".map((f) => f.dataset.figure)"
)


def test_a_change_redraws_only_the_figures_it_changes(site: Served, page: Page) -> None:
    """More keys change reshard's bar chart but not its key maps: the maps' nodes stay
    as they were (no re-parse), the chart shows CPython's new figure, and a change of
    shards then redraws the maps too."""
    page.goto(f"{site.url}embed/reshard/")
    root = widget(page, "reshard")
    wait_ready(root)
    spec = get_spec("reshard")
    keys = [figure.key for figure in spec.run({}).figures]
    assert root.evaluate(FIGURE_KEYS) == keys
    root.evaluate(MARK_FIGURES)
    set_param(root, "keys", 20_000)
    expect(root).to_have_attribute("data-state", "ready")
    assert_outputs_match(root, "reshard", {"keys": 20_000})
    assert root.evaluate(FIGURE_KEYS) == keys
    assert root.evaluate(KEPT_FIGURES) == ["modulo", "ring"]
    loads = next(f for f in spec.run({"keys": 20_000}).figures if f.key == "loads")
    expect(root.locator('[data-figure="loads"] .w-figure-alt')).to_have_text(loads.alt)
    set_param(root, "from_shards", 3)
    expect(root).to_have_attribute("data-state", "ready")
    assert_outputs_match(root, "reshard", {"keys": 20_000, "from_shards": 3})
    assert root.evaluate(KEPT_FIGURES) == []
    assert root.evaluate(FIGURE_KEYS) == keys


def test_reshard_warms_its_ring_index_then_handles_the_largest_ring(
    site: Served, page: Page
) -> None:
    """Once live, the reshard widget asks Python to sort every virtual node ahead of
    time (once per worker); afterwards the largest rings give CPython's numbers, and
    its warm-up was the only one. (That a widget with no warm-up step never asks for
    one is test_widgets_without_a_warm_up_send_none's.)"""
    page.goto(f"{site.url}embed/reshard/")
    root = widget(page, "reshard")
    wait_ready(root)
    page.wait_for_function("() => (window.__liveWidgetsRuntime.warm || []).includes('reshard')")
    largest = {"keys": 100_000, "from_shards": 128, "to_shards": 127, "vnodes": 1000}
    for name, value in largest.items():
        set_param(root, name, value)
        expect(root).to_have_attribute("data-state", "ready")
    assert_outputs_match(root, "reshard", largest)
    set_param(root, "vnodes", 999)  # a different ring, read from the same index
    expect(root).to_have_attribute("data-state", "ready")
    assert_outputs_match(root, "reshard", {**largest, "vnodes": 999})
    assert page.evaluate("window.__liveWidgetsRuntime.warm") == ["reshard"]


# Every request the page posts to a worker, with when and of what kind.
LOG_REQUESTS = """
window.__sent = [];
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message?.type === "request") {
    const request = JSON.parse(message.request);
    window.__sent.push([performance.now(), request.kind, JSON.stringify(request.params ?? null)]);
  }
  return post.call(this, message, ...rest);
};
"""

CHANGE_KEYS_BACK_TO_BACK = """
async (root) => {
  const input = root.querySelector('[name="keys"]');
  const asked = [];
  for (let i = 0; i < 12; i++) {
    const settled = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        if (root.dataset.state === "ready") { watch.disconnect(); resolve(); }
      });
      watch.observe(root, { attributes: true, attributeFilter: ["data-state"] });
    });
    input.value = String(10_000 + 100 * (i + 1));
    asked.push(performance.now());
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await settled;
  }
  return asked;
}
"""


def test_warm_up_waits_while_the_reader_is_changing_inputs(site: Served, page: Page) -> None:
    """A reader who starts changing inputs the moment reshard goes live is never queued
    behind background work: each warm-up step and rehearsal is sent only after the
    reader has asked for nothing for the runtime's quiet time, and both still complete."""
    page.add_init_script(LOG_REQUESTS)
    page.goto(f"{site.url}embed/reshard/")
    root = widget(page, "reshard")
    wait_ready(root)
    asked = root.evaluate(CHANGE_KEYS_BACK_TO_BACK)
    assert_outputs_match(root, "reshard", {"keys": 11_200})
    page.wait_for_function("() => (window.__liveWidgetsRuntime.warm || []).includes('reshard')")
    quiet = page.evaluate("window.__liveWidgets.runtime.backgroundAfterQuietMs")
    page.wait_for_function(
        "() => (window.__liveWidgetsRuntime.rehearsed || []).includes('reshard')"
    )
    sent = page.evaluate("window.__sent")
    warms = [at for at, kind, _ in sent if kind == "warm"]
    runs = [at for at, kind, _ in sent if kind == "run"]
    assert len(warms) == len(get_spec("reshard").warm)
    assert min(warms) >= asked[-1] + quiet  # no step went out between the changes
    limits = page.evaluate("window.__liveWidgets.runtime.rehearsalLimits")
    rehearsals = runs[1 + 12 :]  # after going live and the reader's twelve changes
    assert limits["min"] <= len(rehearsals) <= limits["max"]
    assert min(rehearsals) >= asked[-1] + quiet


def test_a_live_widget_left_alone_is_rehearsed_with_what_it_shows(site: Served, page: Page) -> None:
    """Once live, the model runs again in the background with the inputs the reader sees,
    at least the runtime's minimum of times and at most its maximum (so V8 has optimised
    it before the first change); the page shows the same results, and the runtime's
    record of the reader's computations holds only the one."""
    page.add_init_script(LOG_REQUESTS)
    page.goto(f"{site.url}embed/cache-hit-rate/")
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    shown = shown_outputs(root)
    page.wait_for_function(
        "() => (window.__liveWidgetsRuntime.rehearsed || []).includes('cache-hit-rate')"
    )
    runs = [params for _, kind, params in page.evaluate("window.__sent") if kind == "run"]
    limits = page.evaluate("window.__liveWidgets.runtime.rehearsalLimits")
    assert 1 + limits["min"] <= len(runs) <= 1 + limits["max"]
    assert all(rehearsal == runs[0] for rehearsal in runs[1:])
    assert shown_outputs(root) == shown
    assert page.evaluate("window.__liveWidgets.runtime.computeMs['cache-hit-rate'].length") == 1


@pytest.mark.parametrize("name", WITHOUT_WARM_UP)
def test_widgets_without_a_warm_up_send_none(site: Served, page: Page, name: str) -> None:
    """A widget that declares no warm-up never asks for one: once live and settled (the
    reader quiet for long enough that a declared warm-up would have been sent and
    answered), no warm-up request went to Python and none was recorded."""
    page.add_init_script(LOG_REQUESTS)
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    page.wait_for_function("() => window.__liveWidgets.runtime.settled")
    sent = page.evaluate("window.__sent")
    assert [kind for _, kind, _ in sent if kind == "run"], "the log saw no request at all"
    assert [kind for _, kind, _ in sent if kind == "warm"] == []
    assert page.evaluate("window.__liveWidgets.runtime.warmed.size") == 0
    assert page.evaluate("window.__liveWidgetsRuntime.warm ?? []") == []


def test_a_prediction_hides_the_results_until_the_reader_guesses(site: Served, page: Page) -> None:
    """caching/'s block asks for the hit rate first: the results stay hidden behind a
    placeholder, a guess that is not a number is refused, and a number reveals the
    results with the guess in the answer's own unit and how far it was; the form then
    goes (an empty guess box stayed beside the answer), and focus moves to the answer."""
    page.goto(f"{site.url}caching/")
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    results = root.locator(".w-results")
    expect(results).to_be_hidden()
    expect(root.locator(".w-predict-placeholder")).to_be_visible()
    guess = root.locator(".w-predict-guess")
    guess.fill("about half")
    root.locator(".w-predict-reveal").click()
    expect(root.locator(".w-predict-result")).to_contain_text("is not a number I can read")
    expect(results).to_be_hidden()
    guess.fill("10")
    root.locator(".w-predict-reveal").click()
    expect(results).to_be_visible()
    expect(root.locator(".w-predict-placeholder")).to_have_count(0)
    answer = root.locator('.w-results [data-output="hit_rate"]').inner_text().strip()
    assert answer.endswith("%"), answer
    expect(root.locator(".w-predict-result")).to_have_text(
        re.compile(rf"^You guessed 10%; the model says {re.escape(answer)}: .+\.$")
    )
    expect(root.locator(".w-predict-form")).to_be_hidden()
    expect(root.locator(".w-predict-result")).to_be_focused()


def test_a_simulation_is_marked_as_past_once_the_inputs_change(site: Served, page: Page) -> None:
    """An action's results (cache-hit-rate's Simulate) are for the inputs it ran with:
    after a change they are dimmed under a note saying so and how to run it again (they
    stayed on screen, unmarked, beside results for other inputs); back at those inputs
    the note goes, and running it again leaves none."""
    name = "cache-hit-rate"
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    simulate = root.locator(".w-action").first
    result = root.locator(".w-action-result")
    note = result.locator(".w-action-age")
    simulate.click()
    expect(result.locator("dl")).to_be_visible(timeout=60_000)
    expect(note).to_have_count(0)
    default = get_spec(name).param("cache_size").default
    set_param(root, "cache_size", 5000)
    expect(note).to_have_text(
        'Simulate: these results are for the inputs before your change; press "Simulate" '
        "to run it again."
    )
    expect(result).to_have_class(re.compile(r"\bw-action-stale\b"))
    wait_ready(root)
    expect(note).to_have_count(1)  # still: the main results moved on, the simulation did not
    set_param(root, "cache_size", default)
    expect(note).to_have_count(0)
    expect(result).not_to_have_class(re.compile(r"\bw-action-stale\b"))
    set_param(root, "cache_size", 5000)
    wait_ready(root)
    simulate.click()
    expect(result.locator("dl")).to_be_visible(timeout=60_000)
    expect(note).to_have_count(0)
    expect(result).not_to_have_class(re.compile(r"\bw-action-stale\b"))
