"""The cost ladder model: daily active users -> stage, reasons, fleet and monthly bill.

    traffic  = traffic(workload)                 DAU -> peak req/s, queries, egress (traffic.py)
    decision = decide(traffic)                   limits crossed -> stage + reasons (stages.py)
    fleet    = size_fleet(stage, traffic)        stage -> counts of each part (costs.py)
    bill     = line_items(fleet, traffic, prices) counts x AWS list prices (costs.py, prices.py)

The same assumptions (assumptions.py) drive every step. REFERENCE_LADDER is the widely
quoted ladder the book compares against (curriculum, chapter 14): rough monthly orders of
magnitude, not measurements.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from widgets.cost_ladder.assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from widgets.cost_ladder.costs import Fleet, LineItem, line_items, size_fleet
from widgets.cost_ladder.prices import PriceBook
from widgets.cost_ladder.stages import STAGES, Decision, Stage, decide, stage_of
from widgets.cost_ladder.traffic import Traffic, Workload, traffic


@dataclass(frozen=True)
class ReferencePoint:
    """One rung of the widely quoted ladder: at about this DAU, this stage, about this cost."""

    dau: int
    stage: str
    monthly_cost: float
    label: str


REFERENCE_LADDER: tuple[ReferencePoint, ...] = (
    ReferencePoint(1_000, "single-server", 50.0, "Day 0: one server"),
    ReferencePoint(10_000, "load-balanced", 500.0, "Load balancer + several app servers"),
    ReferencePoint(100_000, "replicas-cache", 5_000.0, "+ read replicas + cache"),
    ReferencePoint(1_000_000, "cdn-queue", 30_000.0, "+ CDN + message queue"),
    ReferencePoint(10_000_000, "sharded", 300_000.0, "+ sharding"),
    ReferencePoint(100_000_000, "multi-region", 5_000_000.0, "+ multi-region + services ($5M+)"),
)
"""Curriculum chapter 14: about 1k DAU ~$50, 10k ~$500, 100k ~$5k, 1M ~$30k, 10M ~$300k,
100M ~$5M+ a month. Orders of magnitude from public walkthroughs. Each rung stands for a band
of DAU (see `rung_span`), and the chapters' stage cards quote DAU inside their stage's band."""


def rung_span(stage_id: str) -> tuple[float, float]:
    """The DAU band a quoted rung stands for: from halfway (on a log scale) to the rung below
    to halfway to the rung above, e.g. single-server 0 to about 3,200 DAU (sqrt(1k x 10k)),
    load-balanced about 3,200 to 32,000; the first band starts at 0, the last has no end.

    These are the stage boundaries the book's stage cards are checked against (one order of
    magnitude per stage); the model's own boundaries depend on its inputs (`stage_spans`).
    """
    dau = [float(point.dau) for point in REFERENCE_LADDER]
    index = [point.stage for point in REFERENCE_LADDER].index(stage_id)
    low = math.sqrt(dau[index - 1] * dau[index]) if index > 0 else 0.0
    high = math.sqrt(dau[index] * dau[index + 1]) if index + 1 < len(dau) else math.inf
    return low, high


@dataclass(frozen=True)
class Estimate:
    """Everything the widget shows for one workload."""

    workload: Workload
    traffic: Traffic
    decision: Decision
    fleet: Fleet
    items: tuple[LineItem, ...]

    @property
    def stage(self) -> Stage:
        return self.decision.stage

    @property
    def monthly_cost(self) -> float:
        """The sum of the line items, USD a month."""
        return math.fsum(item.usd for item in self.items)

    @property
    def cost_per_user(self) -> float:
        """Monthly cost / DAU: USD per daily active user a month."""
        return self.monthly_cost / self.workload.dau


def estimate(
    workload: Workload, prices: PriceBook, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
) -> Estimate:
    """Traffic, stage with reasons, fleet and bill for one workload."""
    load = traffic(workload, assumptions)
    decision = decide(load, assumptions)
    fleet = size_fleet(decision.index, load, assumptions)
    items = line_items(fleet, load, prices, assumptions)
    return Estimate(workload, load, decision, fleet, items)


def monthly_cost(
    workload: Workload, prices: PriceBook, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
) -> float:
    """Just the monthly total, for sweeps over DAU (same steps as `estimate`)."""
    load = traffic(workload, assumptions)
    fleet = size_fleet(stage_of(load, assumptions), load, assumptions)
    return math.fsum(item.usd for item in line_items(fleet, load, prices, assumptions))


def cost_curve(
    workload: Workload,
    dau_values: Sequence[float],
    prices: PriceBook,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> tuple[tuple[float, float], ...]:
    """(DAU, monthly cost) for each DAU, every other input held at the workload's values."""
    return tuple(
        (dau, monthly_cost(replace(workload, dau=dau), prices, assumptions)) for dau in dau_values
    )


@dataclass(frozen=True)
class StageSpan:
    """A range of DAU over which the stage stays the same (start inclusive)."""

    stage: Stage
    start: float
    end: float


def stage_spans(
    workload: Workload,
    low: float,
    high: float,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> tuple[StageSpan, ...]:
    """The stages met between `low` and `high` DAU, with the whole-user DAU where each begins.

    The stage never goes down as DAU grows, so each boundary is found by bisection
    (about 30 stage checks per boundary).
    """

    def stage_at(dau: float) -> int:
        return stage_of(traffic(replace(workload, dau=dau), assumptions), assumptions)

    spans: list[StageSpan] = []
    start, current = low, stage_at(low)
    top = stage_at(high)
    while current < top:
        # first whole DAU in (start, high] whose stage is above `current`
        lo, hi = math.floor(start), math.ceil(high)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if stage_at(mid) > current:
                hi = mid
            else:
                lo = mid
        spans.append(StageSpan(STAGES[current], start, float(hi)))
        start, current = float(hi), stage_at(hi)
    spans.append(StageSpan(STAGES[current], start, high))
    return tuple(spans)


def reference_cost_at(dau: float) -> float | None:
    """The quoted ladder read between its rungs (log-log interpolation); None outside it."""
    points = REFERENCE_LADDER
    if not points[0].dau <= dau <= points[-1].dau:
        return None
    for left, right in itertools.pairwise(points):
        if left.dau <= dau <= right.dau:
            share = math.log(dau / left.dau) / math.log(right.dau / left.dau)
            log_cost = math.log(left.monthly_cost) + share * math.log(
                right.monthly_cost / left.monthly_cost
            )
            return math.exp(log_cost)
    return None  # pragma: no cover - the range check above makes this unreachable
