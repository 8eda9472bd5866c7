"""The tier-split widget's declaration: the workload, the boxes and five outputs."""

from __future__ import annotations

from live_widgets.core import NumberParam, OutputSpec, WidgetSpec
from widgets.tier_split.view import render

SPEC = WidgetSpec(
    name="tier-split",
    title="One box or two: splitting off the database",
    summary=(
        "Compare one box running the application and the database with two boxes, one for "
        "each: how many requests a second each set-up carries, how fast it answers, and "
        "which box runs out first."
    ),
    params=(
        NumberParam(
            name="arrival_rps",
            label="Arrival rate",
            default=150,
            minimum=1,
            maximum=100_000,
            unit="req/s",
            help="Requests arriving a second, at random moments.",
            scale="log",
        ),
        NumberParam(
            name="web_ms",
            label="Application CPU per request",
            default=12,
            minimum=0.1,
            maximum=10_000,
            unit="ms",
            help="Mean CPU time the web server and application spend on one request.",
            scale="log",
        ),
        NumberParam(
            name="db_ms",
            label="Database CPU per request",
            default=8,
            minimum=0.1,
            maximum=10_000,
            unit="ms",
            help="Mean CPU time the database spends on one request's queries.",
            scale="log",
        ),
        NumberParam(
            name="cores",
            label="Cores per box",
            default=4,
            minimum=1,
            maximum=256,
            integer=True,
            unit="cores",
            help="CPU cores of the single box, and of each box after the split.",
        ),
        NumberParam(
            name="network_ms",
            label="Network round trip",
            default=0.5,
            minimum=0,
            maximum=100,
            unit="ms",
            help="Time for one round trip between the web box and the database box.",
            step=0.1,
        ),
    ),
    outputs=(
        OutputSpec("one_box_max_rps", "Capacity: one box", "cores x 1000 / (web + database)."),
        OutputSpec("split_max_rps", "Capacity: split", "The smaller of the two boxes' capacities."),
        OutputSpec("one_box_response_ms", "Response time: one box", "Mean, queueing included."),
        OutputSpec(
            "split_response_ms", "Response time: split", "Both boxes' means plus the round trip."
        ),
        OutputSpec("bottleneck", "Bottleneck after the split", "The box that saturates first."),
    ),
    view=render,
    model_modules=("widgets.tier_split.model", "widgets.capacity.model"),
)
