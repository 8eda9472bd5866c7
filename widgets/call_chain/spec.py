"""The call-chain widget's declaration: depth, availability per service, retries; three outputs."""

from __future__ import annotations

from live_widgets.core import NumberParam, OutputSpec, WidgetSpec
from widgets.call_chain.model import MAX_DEPTH
from widgets.call_chain.view import render

SPEC = WidgetSpec(
    name="call-chain",
    title="Availability of a chain of calls",
    summary=(
        "A request that must pass through several services in a row fails when any of them "
        "fails: see how chain availability falls with depth, what retries win back, and how "
        "many calls retries send to the deepest service when everything fails."
    ),
    params=(
        NumberParam(
            name="depth",
            label="Services in the chain",
            default=5,
            minimum=1,
            maximum=MAX_DEPTH,
            integer=True,
            unit="services",
            help="Synchronous calls in a row that one request needs: gateway to A, A to B, ...",
        ),
        NumberParam(
            name="availability_pct",
            label="Availability per service",
            default=99.9,
            minimum=90,
            maximum=99.999,
            unit="%",
            help="Share of call attempts each service answers successfully.",
            step=0.001,
        ),
        NumberParam(
            name="retries",
            label="Retries per hop",
            default=0,
            minimum=0,
            maximum=5,
            integer=True,
            unit="retries",
            help="Extra attempts each caller makes after a failed call.",
        ),
    ),
    outputs=(
        OutputSpec(
            "chain_availability_pct",
            "Chain availability",
            "Share of requests for which every hop answers, after retries.",
        ),
        OutputSpec(
            "downtime_minutes_per_month",
            "Failed time a month",
            "Unavailability times the 43,200 minutes of a 30-day month.",
        ),
        OutputSpec(
            "worst_case_amplification",
            "Worst-case calls",
            "Calls reaching the deepest service for one request when every hop fails and retries.",
        ),
    ),
    view=render,
    model_modules=("widgets.call_chain.model",),
)
