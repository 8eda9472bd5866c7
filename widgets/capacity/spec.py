"""The capacity widget's declaration: arrival rate, CPU time, cores; four outputs."""

from __future__ import annotations

from live_widgets.core import NumberParam, OutputSpec, WidgetSpec
from widgets.capacity.view import render

SPEC = WidgetSpec(
    name="capacity",
    title="How much one box can take",
    summary=(
        "Requests arrive at random and each needs some CPU time on one of a few cores: see "
        "how busy the box is, how often a request waits, and how the response time bends "
        "upwards (the hockey stick) as traffic nears capacity."
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
            name="service_ms",
            label="CPU time per request",
            default=20,
            minimum=0.1,
            maximum=10_000,
            unit="ms",
            help="Mean CPU time one request needs on one core (S).",
            scale="log",
        ),
        NumberParam(
            name="cores",
            label="Cores",
            default=4,
            minimum=1,
            maximum=256,
            integer=True,
            unit="cores",
            help="CPU cores (vCPU) serving requests from one shared queue (c).",
        ),
    ),
    outputs=(
        OutputSpec("utilisation", "Utilisation", "How busy the cores are: a / c."),
        OutputSpec("max_rps", "Capacity", "The most requests a second the cores finish."),
        OutputSpec(
            "wait_probability", "Chance of waiting", "Share of requests that queue (Erlang C)."
        ),
        OutputSpec("mean_response_ms", "Mean response time", "Waiting plus CPU time, on average."),
    ),
    view=render,
    model_modules=("widgets.capacity.model",),
)
