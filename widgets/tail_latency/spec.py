"""The tail-latency widget's declaration: fan-out, slow calls, SLO, error rate; four outputs."""

from __future__ import annotations

from live_widgets.core import NumberParam, OutputSpec, WidgetSpec
from widgets.tail_latency.model import MAX_FANOUT
from widgets.tail_latency.view import render

SPEC = WidgetSpec(
    name="tail-latency",
    title="Why the tail and the error budget, not the average",
    summary=(
        "A request that waits for many backends is slow whenever any of them is: see how a "
        "rare slow call becomes a common slow request, and how fast the current error rate "
        "spends the month's error budget."
    ),
    params=(
        NumberParam(
            name="fanout",
            label="Fan-out",
            default=10,
            minimum=1,
            maximum=MAX_FANOUT,
            integer=True,
            unit="backends",
            help="Backend calls each request makes in parallel and waits for.",
            scale="log",
        ),
        NumberParam(
            name="slow_pct",
            label="Slow calls",
            default=1,
            minimum=0,
            maximum=50,
            unit="%",
            help="Share of backend calls slower than your latency threshold.",
            step=0.01,
        ),
        NumberParam(
            name="slo_pct",
            label="SLO",
            default=99.9,
            minimum=90,
            maximum=99.999,
            unit="%",
            help="Share of requests that must succeed over 30 days.",
            step=0.001,
        ),
        NumberParam(
            name="error_pct",
            label="Current error rate",
            default=0.5,
            minimum=0,
            maximum=100,
            unit="%",
            help="Share of requests failing right now.",
            step=0.01,
        ),
    ),
    outputs=(
        OutputSpec(
            "slow_request_pct",
            "Slow requests",
            "Share of requests that wait for at least one slow call.",
        ),
        OutputSpec(
            "error_budget_minutes",
            "Error budget",
            "The failures the SLO allows, as minutes of full outage in a 30-day month.",
        ),
        OutputSpec(
            "burn_rate",
            "Burn rate",
            "Error rate divided by the allowed error rate: 1 spends the budget in 30 days.",
        ),
        OutputSpec(
            "hours_to_exhaust",
            "Budget gone in",
            "Hours until a full budget is spent at the current error rate: 720 / burn rate.",
        ),
    ),
    view=render,
    model_modules=("widgets.tail_latency.model",),
)
