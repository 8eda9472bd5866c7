"""The full-picture chapter's cost-ladder walkthrough says what the widget shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from live_widgets.core import View
from widgets.cost_ladder.spec import SPEC
from widgets.cost_ladder.stages import STAGE_IDS

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "full-picture.md"


@pytest.fixture(scope="module")
def text() -> str:
    """The chapter, with line breaks and repeated spaces folded to single spaces."""
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


def first_dau(stage: str, **params: object) -> tuple[int, View]:
    """The smallest DAU at which the widget reaches `stage` (stages never go down as
    DAU grows, which the model's own tests check, so a bisection finds it)."""
    order = list(STAGE_IDS)

    def reached(dau: int) -> bool:
        shown = SPEC.run({"dau": dau, **params}).output("stage").value
        return order.index(str(shown)) >= order.index(stage)

    low, high = 100, 1_000_000_000
    assert reached(high), f"{stage} is never reached with {params}"
    while low < high:
        middle = (low + high) // 2
        if reached(middle):
            high = middle
        else:
            low = middle + 1
    return low, SPEC.run({"dau": low, **params})


def test_traffic_at_100k_and_1b(text: str) -> None:
    """About 58 req/s on average and about 170 at peak at 100,000 DAU (the widget says
    174); about 1.7 million at peak at 1 billion."""
    defaults = SPEC.defaults()
    assert (defaults["dau"], defaults["requests_per_user"], defaults["peak_factor"]) == (
        100_000,
        50,
        3,
    )
    assert round(100_000 * 50 / 86_400) == 58
    assert "100,000 \u00d7 50 / 86,400 ≈ 58 requests/s on average and about 170 requests/s" in text
    peak = float(SPEC.run({}).output("peak_rps").value)  # type: ignore[arg-type]
    assert abs(peak - 170) / 170 < 0.05
    top = float(SPEC.run({"dau": 1_000_000_000}).output("peak_rps").value)  # type: ignore[arg-type]
    assert round(top / 1e5) / 10 == 1.7
    assert "roughly 1.7 million requests/s at peak" in text


def test_the_first_step_is_for_availability_not_cpu(text: str) -> None:
    """Stage 2 comes at a few thousand DAU, and its note names the availability budget
    alone (one box's CPU is not yet exceeded)."""
    dau, view = first_dau("load-balanced")
    assert 1_000 < dau < 10_000
    step = next(note for note in view.notes if note.startswith("Step to stage 2"))
    assert "99.5% uptime" in step and "exceeds one box's" not in step
    assert (
        "the first step up comes at a few thousand DAU, before one server runs out of CPU" in text
    )


def test_sharding_comes_with_the_data_not_the_writes(text: str) -> None:
    """Sharding at about 5 million DAU, forced by the 5 TB rule while peak writes are far
    below 10,000 a second."""
    dau, view = first_dau("sharded")
    assert 4_500_000 < dau < 5_500_000
    step = next(note for note in view.notes if note.startswith("Step to stage 5"))
    assert "5 TB one primary should hold" in step and "writes/s" not in step
    assert "Sharding arrives at about 5 million DAU" in text
    assert "long before writes reach 10,000 per second" in text


def test_one_assumption_at_a_time(text: str) -> None:
    """More static megabytes bring the CDN stage sooner; a lower read ratio brings
    sharding sooner."""
    assert first_dau("cdn-queue", static_mb_per_user=20)[0] < first_dau("cdn-queue")[0]
    assert first_dau("sharded", read_ratio=0.5)[0] < first_dau("sharded")[0]
    assert "more static megabytes per user make the CDN matter sooner" in text
    assert "a lower read ratio brings the write limit closer" in text


def test_the_prediction_is_answered_with_the_widgets_numbers(text: str) -> None:
    """After the widget, the chapter gives its answer at 100,000 DAU: the bill, the
    stage and what it buys, each as the widget shows it."""
    view = SPEC.run({})
    said = {name: view.output(name).text for name in ("monthly_cost", "peak_rps", "stage")}
    assert said["monthly_cost"].endswith(" a month") and said["stage"].startswith("3 of 6")
    assert f"The widget's answer at 100,000 DAU: {said['monthly_cost']}, at stage 3 of 6" in text
    servers = [view.output(name).text for name in ("app_servers", "db_replicas", "cache_nodes")]
    assert (
        f"with {servers[0]} app servers, {servers[1]} read replica and {servers[2]} cache nodes "
        f"for {said['peak_rps'].replace(' req/s', '')} requests/s at the peak" in text
    )
    cost = view.output("monthly_cost").value
    assert isinstance(cost, float | int) and cost < 5_000 / 2  # "less than half ... about $5k"


def test_check_yourself_writes_bring_sharding_sooner(text: str) -> None:
    """The Check yourself answer: at read ratio 0.5 the widget shards at about 3.8 million
    DAU and at 0.3 about 2.7 million, both for writes, not the 5 TB rule."""
    for ratio, said in ((0.5, "3.8"), (0.3, "2.7")):
        dau, view = first_dau("sharded", read_ratio=ratio)
        assert f"{dau / 1e6:.1f}" == said, (ratio, dau)
        step = next(note for note in view.notes if note.startswith("Step to stage 5"))
        assert "writes/s" in step and "5 TB" not in step
    assert "Set it to 0.5 and the widget shards at about 3.8 million DAU" in text
    assert "at 0.3 it shards at about 2.7 million" in text
