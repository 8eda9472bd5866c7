"""The queue-backlog widget's declaration: traffic, burst, worker pool, wait target."""

from __future__ import annotations

from live_widgets.core import AtMost, NumberParam, OutputSpec, WidgetSpec
from widgets.queue_backlog.view import render

SPEC = WidgetSpec(
    name="queue-backlog",
    title="A burst against a worker pool",
    summary=(
        "A burst of jobs hits a queue drained by a pool of workers: see how deep the backlog "
        "gets, how long the last job waits, when the queue is empty again, and how many "
        "workers keep the wait under a target."
    ),
    params=(
        NumberParam(
            name="arrival_rps",
            label="Normal job rate",
            default=20,
            minimum=0.1,
            maximum=100_000,
            unit="jobs/s",
            help="Jobs published a second outside the burst; at most the burst rate.",
            scale="log",
        ),
        NumberParam(
            name="burst_rps",
            label="Burst job rate",
            default=100,
            minimum=0.1,
            maximum=1_000_000,
            unit="jobs/s",
            help="Jobs published a second during the burst.",
            scale="log",
        ),
        NumberParam(
            name="burst_s",
            label="Burst length",
            default=600,
            minimum=1,
            maximum=86_400,
            unit="s",
            help="How long the burst lasts.",
            scale="log",
        ),
        NumberParam(
            name="workers",
            label="Workers",
            default=12,
            minimum=1,
            maximum=10_000,
            integer=True,
            unit="workers",
            help="Worker processes taking jobs from the queue, one job at a time each.",
            scale="log",
        ),
        NumberParam(
            name="job_ms",
            label="Time per job",
            default=400,
            minimum=1,
            maximum=3_600_000,
            unit="ms",
            help="How long one worker takes to do one job.",
            scale="log",
        ),
        NumberParam(
            name="wait_target_s",
            label="Wait target",
            default=60,
            minimum=1,
            maximum=86_400,
            unit="s",
            help="The longest a job should wait in the queue before a worker takes it.",
            scale="log",
        ),
    ),
    outputs=(
        OutputSpec("capacity_rps", "Worker capacity", "workers x 1000 / job_ms."),
        OutputSpec("peak_backlog", "Peak backlog", "Jobs waiting when the burst ends."),
        OutputSpec("drain_s", "Time to drain", "After the burst, until the queue is empty."),
        OutputSpec("max_wait_s", "Longest wait", "How long the job at the back of the peak waits."),
        OutputSpec(
            "workers_needed", "Workers needed", "The fewest that keep the longest wait on target."
        ),
    ),
    view=render,
    model_modules=("widgets.queue_backlog.model",),
    rules=(AtMost("arrival_rps", "burst_rps"),),
)
