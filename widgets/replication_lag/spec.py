"""The replication-lag widget's declaration: write load, apply capacity, timing, quorum."""

from __future__ import annotations

from live_widgets.core import AtMost, NumberParam, OutputSpec, WidgetSpec
from widgets.replication_lag.view import render

SPEC = WidgetSpec(
    name="replication-lag",
    title="Replication lag",
    summary=(
        "Writes reach an asynchronous replica after a network delay and queue for its apply "
        "stream: see how far it trails, how often a user reading back their own write sees "
        "the old value, and what a failover would put at risk."
    ),
    params=(
        NumberParam(
            name="write_rps",
            label="Writes per second",
            default=1_000,
            minimum=1,
            maximum=100_000,
            unit="writes/s",
            help="Writes committed on the primary a second, arriving at random.",
            scale="log",
        ),
        NumberParam(
            name="apply_rps",
            label="Replica apply capacity",
            default=1_200,
            minimum=1,
            maximum=200_000,
            unit="writes/s",
            help="The most writes a second the replica can apply (one apply stream).",
            scale="log",
        ),
        NumberParam(
            name="network_ms",
            label="Network delay to the replica",
            default=1,
            minimum=0,
            maximum=200,
            unit="ms",
            help="One-way time for a change to reach the replica (same zone: under 1 ms).",
            step=0.1,
        ),
        NumberParam(
            name="read_after_ms",
            label="Read-back after",
            default=10,
            minimum=1,
            maximum=60_000,
            unit="ms",
            help="How soon after saving the user reads the data back from the replica.",
            scale="log",
        ),
        NumberParam(
            name="n",
            label="Quorum: copies (n)",
            default=3,
            minimum=1,
            maximum=9,
            integer=True,
            unit="copies",
            help="Copies of each item in a leaderless (Dynamo-style) store.",
        ),
        NumberParam(
            name="w",
            label="Quorum: write acks (w)",
            default=2,
            minimum=1,
            maximum=9,
            integer=True,
            unit="copies",
            help="Copies that must confirm a write; at most n.",
        ),
        NumberParam(
            name="r",
            label="Quorum: read replies (r)",
            default=2,
            minimum=1,
            maximum=9,
            integer=True,
            unit="copies",
            help="Copies a read asks; at most n.",
        ),
    ),
    outputs=(
        OutputSpec("mean_lag_ms", "Mean lag", "Network delay plus queueing and applying."),
        OutputSpec(
            "stale_read_probability",
            "Stale read-back",
            "Chance the replica has not applied the write when the user reads it back.",
        ),
        OutputSpec(
            "writes_lost_on_failover",
            "Writes at risk on failover",
            "Writes not yet applied on the replica: write rate x mean lag.",
        ),
        OutputSpec(
            "quorum_overlap", "Quorum overlap", "w + r - n: reads see the latest write when > 0."
        ),
    ),
    view=render,
    model_modules=("widgets.replication_lag.model",),
    rules=(AtMost("w", "n"), AtMost("r", "n")),
)
