"""What individual widgets promise beyond the shared contract."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from book_bench.site_server import Served
from tests.e2e.widget_helpers import (
    assert_outputs_match,
    set_param,
    shown_outputs,
    wait_ready,
    widget,
)
from widgets import get_spec
from widgets.cost_ladder.stages import STAGE_IDS

STAGES = list(STAGE_IDS)  # the ladder's own order (pinned by the model's unit tests)


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


def test_reshard_warms_its_ring_index_then_handles_the_largest_ring(
    site: Served, page: Page
) -> None:
    """Once live, the reshard widget asks Python to sort every virtual node ahead of
    time (once per worker); afterwards the largest rings give CPython's numbers, and
    the widget that has no warm-up step never asks for one."""
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


def test_widgets_without_a_warm_up_send_none(site: Served, page: Page) -> None:
    """The cache calculator declares no warm-up, so its page never asks for one."""
    page.goto(f"{site.url}embed/cache-hit-rate/")
    root = widget(page, "cache-hit-rate")
    wait_ready(root)
    set_param(root, "cache_size", 5000)
    expect(root).to_have_attribute("data-state", "ready")
    assert page.evaluate("window.__liveWidgetsRuntime.warm ?? []") == []
    assert page.evaluate("window.__liveWidgets.runtime.warmed.size") == 0
