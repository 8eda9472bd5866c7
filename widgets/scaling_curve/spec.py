"""The scaling-curve widget's declaration: nodes, contention, coherency; four outputs."""

from __future__ import annotations

from live_widgets.core import NumberParam, OutputSpec, WidgetSpec
from widgets.scaling_curve.view import MAX_NODES, render

SPEC = WidgetSpec(
    name="scaling-curve",
    title="What N nodes really deliver",
    summary=(
        "The Universal Scalability Law: how contention and the cost of keeping nodes in step "
        "bend the throughput of N nodes away from N times one, where it peaks, and what one "
        "big machine costs against N small ones."
    ),
    params=(
        NumberParam(
            name="nodes",
            label="Nodes",
            default=16,
            minimum=1,
            maximum=MAX_NODES,
            integer=True,
            unit="nodes",
            help="How many identical machines (N) share the work.",
            scale="log",
        ),
        NumberParam(
            name="contention",
            label="Contention (\u03c3)",
            default=0.05,
            minimum=0,
            maximum=0.5,
            help="Share of the work that queues for something shared: a lock, one database.",
            step=0.005,
        ),
        NumberParam(
            name="coherency",
            label="Coherency (\u03ba)",
            default=0.0005,
            minimum=0,
            maximum=0.01,
            help="Cost of keeping each pair of nodes in step; 0 gives Amdahl's law.",
            step=0.0001,
        ),
    ),
    outputs=(
        OutputSpec(
            "relative_throughput", "Throughput", "X(N), in multiples of one node's throughput."
        ),
        OutputSpec("efficiency", "Efficiency", "X(N) / N: what each node is worth."),
        OutputSpec("peak_nodes", "Peak at", "The node count with the most throughput."),
        OutputSpec("peak_throughput", "Peak throughput", "X at the peak, in single nodes."),
    ),
    view=render,
    model_modules=("widgets.scaling_curve.model", "widgets.scaling_curve.machines"),
)
