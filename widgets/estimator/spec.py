"""The estimator widget's declaration: users, requests, peak, writes, sizes; five outputs."""

from __future__ import annotations

from live_widgets.core import NumberParam, OutputSpec, WidgetSpec
from widgets.estimator.view import DAU_MAX, DAU_MIN, render

SPEC = WidgetSpec(
    name="estimator",
    title="Back-of-the-envelope estimator",
    summary=(
        "Turn daily active users into average and peak requests a second, writes a second, "
        "storage and bandwidth, with each step's arithmetic written out the way an "
        "interviewer wants to hear it."
    ),
    params=(
        NumberParam(
            name="dau",
            label="Daily active users",
            default=10_000_000,
            minimum=DAU_MIN,
            maximum=DAU_MAX,
            unit="users",
            help="Distinct users on a typical day (DAU).",
            scale="log",
        ),
        NumberParam(
            name="requests_per_user",
            label="Requests per user",
            default=10,
            minimum=0.1,
            maximum=10_000,
            unit="requests/day",
            help="Requests each daily user makes in a day, reads and writes together.",
            scale="log",
        ),
        NumberParam(
            name="peak_factor",
            label="Peak factor",
            default=3,
            minimum=1,
            maximum=20,
            unit="x average",
            help="How many times the daily average the busiest hour carries.",
            step=0.1,
        ),
        NumberParam(
            name="write_pct",
            label="Writes",
            default=1,
            minimum=0,
            maximum=100,
            unit="% of requests",
            help="Share of requests that create something to store.",
            step=0.1,
        ),
        NumberParam(
            name="object_kb",
            label="Object size",
            default=2000,
            minimum=0.1,
            maximum=1_000_000,
            unit="KB",
            help="Bytes each write stores and each request moves, in KB (2,000 KB = 2 MB).",
            scale="log",
        ),
        NumberParam(
            name="retention_years",
            label="Retention",
            default=1,
            minimum=0.1,
            maximum=100,
            unit="years",
            help="How long stored objects are kept.",
            scale="log",
        ),
        NumberParam(
            name="replicas",
            label="Copies",
            default=1,
            minimum=1,
            maximum=10,
            integer=True,
            unit="copies",
            help="Copies of each object kept (replicas, backups).",
        ),
    ),
    outputs=(
        OutputSpec("avg_rps", "Average load", "Requests a day / 86,400 seconds."),
        OutputSpec("peak_rps", "Peak load", "Average load times the peak factor."),
        OutputSpec("write_rps", "Writes", "Average load times the share of writes."),
        OutputSpec(
            "storage_tb",
            "Storage",
            "Writes a second x 86,400 x 365 x years x object size x copies, in TB.",
        ),
        OutputSpec(
            "peak_bandwidth_mbps",
            "Peak bandwidth",
            "Peak requests a second x object size x 8 bits, in megabits a second.",
        ),
    ),
    view=render,
    model_modules=("widgets.estimator.model",),
)
