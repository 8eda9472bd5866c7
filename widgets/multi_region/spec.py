"""The multi-region widget's declaration: regions, availability, distance, writes, replication, lag."""

from __future__ import annotations

from live_widgets.core import Choice, ChoiceParam, NumberParam, OutputSpec, WidgetSpec
from widgets.multi_region.model import MAX_REGIONS
from widgets.multi_region.view import render

SPEC = WidgetSpec(
    name="multi-region",
    title="What more regions buy, and what they cost",
    summary=(
        "Run the product in several regions: see the availability they give at best, how "
        "long a synchronous write waits for a distant region, and how many writes an "
        "asynchronous setup can lose when a region fails."
    ),
    params=(
        NumberParam(
            name="regions",
            label="Regions",
            default=2,
            minimum=1,
            maximum=MAX_REGIONS,
            integer=True,
            unit="regions",
            help="Full copies of the stack, each able to serve every user on its own.",
        ),
        NumberParam(
            name="region_availability_pct",
            label="Availability per region",
            default=99.9,
            minimum=90,
            maximum=99.999,
            unit="%",
            help="Share of the time one region's whole stack is up.",
            step=0.001,
        ),
        NumberParam(
            name="distance_km",
            label="Distance between regions",
            default=5585,
            minimum=10,
            maximum=20_000,
            unit="km",
            help="Straight-line distance to the nearest other region (New York to London: 5,585 km).",
            scale="log",
        ),
        NumberParam(
            name="write_rps",
            label="Writes",
            default=1000,
            minimum=1,
            maximum=1_000_000,
            unit="writes/s",
            help="Writes a second taken by the writing region.",
            scale="log",
        ),
        ChoiceParam(
            name="replication",
            label="Replication",
            default="async",
            choices=(
                Choice("async", "Asynchronous: answer first, copy to other regions after"),
                Choice("sync", "Synchronous: wait until another region has the write"),
            ),
            help="Whether a write waits for another region before it is confirmed.",
        ),
        NumberParam(
            name="lag_ms",
            label="Replication lag",
            default=200,
            minimum=1,
            maximum=60_000,
            unit="ms",
            help="How far behind the other regions are with asynchronous replication.",
            scale="log",
        ),
    ),
    outputs=(
        OutputSpec(
            "availability_pct",
            "Availability",
            "Share of the time at least one region is up, if regions fail independently.",
        ),
        OutputSpec(
            "sync_write_penalty_ms",
            "Synchronous write penalty",
            "Round trip over fibre a synchronous write waits for: distance / 100 km per ms.",
        ),
        OutputSpec(
            "writes_lost_on_failover",
            "Writes lost on failover",
            "Writes not yet copied when the writing region fails (0 when synchronous).",
        ),
    ),
    view=render,
    model_modules=("widgets.multi_region.model",),
)
