"""The load-balancing widget's declaration: the fleet, its load, the run; eight outputs."""

from __future__ import annotations

from live_widgets.core import Choice, ChoiceParam, NumberParam, OutputSpec, WidgetSpec
from widgets.load_balancing.model import POLICIES, POLICY_NAMES
from widgets.load_balancing.view import render, render_in_parts

SPEC = WidgetSpec(
    name="load-balancing",
    title="Load-balancing policies side by side",
    summary=(
        "Simulate the same random traffic through round robin, random, least connections "
        "and two random choices, and compare their mean and 99th-percentile response times, "
        "with all servers alike or one at half speed."
    ),
    params=(
        NumberParam(
            name="servers",
            label="Servers",
            default=10,
            minimum=2,
            maximum=100,
            integer=True,
            unit="servers",
            help="App servers behind the load balancer.",
        ),
        NumberParam(
            name="utilisation",
            label="Utilisation",
            default=0.8,
            minimum=0.05,
            maximum=0.98,
            help="How busy the traffic makes the fleet, as a share of all servers at full speed.",
            step=0.01,
        ),
        NumberParam(
            name="service_ms",
            label="Service time",
            default=10,
            minimum=1,
            maximum=1_000,
            unit="ms",
            help="Mean time one server spends on one request.",
            scale="log",
        ),
        NumberParam(
            name="requests",
            label="Requests simulated",
            default=5_000,
            minimum=1_000,
            maximum=100_000,
            integer=True,
            unit="requests",
            help="More requests give steadier numbers and take longer to compute.",
            scale="log",
        ),
        ChoiceParam(
            name="slow_server",
            label="Slow server",
            default="none",
            choices=(
                Choice("none", "None: all servers alike"),
                Choice("one_at_half_speed", "One server at half speed"),
            ),
            help="Make one server take twice as long for the same work.",
        ),
        NumberParam(
            name="seed",
            label="Random seed",
            default=1,
            minimum=0,
            maximum=999_999,
            integer=True,
            help="Picks the simulated traffic; the same seed always gives the same numbers.",
        ),
    ),
    outputs=tuple(
        OutputSpec(
            f"{kind}_ms_{policy}",
            f"{label}: {POLICY_NAMES[policy].lower()}",
            help_text.format(policy=POLICY_NAMES[policy].lower()),
        )
        for policy in POLICIES
        for kind, label, help_text in (
            ("mean", "Mean", "Mean response time under {policy}."),
            ("p99", "p99", "99th-percentile response time under {policy}."),
        )
    ),
    view=render,
    view_in_parts=render_in_parts,
    model_modules=("widgets.load_balancing.simulate", "widgets.load_balancing.model"),
    # Its tables are the traffic's random draws: about half a megabyte of the snapshot
    # every reader downloads at 5,000 requests, and a few ms to draw again on the first run.
    snapshot_tables=False,
)
