"""The cache-hit-rate widget's declaration: inputs, outputs, the Simulate button."""

from __future__ import annotations

from live_widgets.core.params import Choice, ChoiceParam, NumberParam
from live_widgets.core.spec import Action, AtMost, OutputSpec, WidgetSpec
from widgets.cache_hit_rate.simulate import simulate_view
from widgets.cache_hit_rate.view import view

SPEC = WidgetSpec(
    name="cache-hit-rate",
    title="Cache hit rate",
    summary=(
        "How often an LRU, FIFO or ideal cache answers a read, as the cache grows, for keys "
        "with Zipf popularity, and what that saves the database."
    ),
    params=(
        NumberParam(
            "keys",
            "Distinct keys",
            100_000,
            10,
            10_000_000,
            integer=True,
            unit="keys",
            help="How many different keys are ever read (N).",
            scale="log",
        ),
        NumberParam(
            "cache_size",
            "Cache size",
            1_000,
            1,
            10_000_000,
            integer=True,
            unit="items",
            help="How many items the cache can hold (C); at most the number of keys.",
            scale="log",
        ),
        NumberParam(
            "skew",
            "Popularity skew (Zipf s)",
            1.0,
            0.0,
            2.0,
            help="Key of rank i is read with probability proportional to i^-s; 0 is uniform.",
            step=0.05,
        ),
        ChoiceParam(
            "policy",
            "Eviction policy",
            "lru",
            (
                Choice("lru", "LRU: evict the least recently used"),
                Choice("fifo", "FIFO: evict the oldest fetched"),
                Choice("lfu", "LFU (ideal): keep the most popular keys"),
            ),
            help="What the cache throws out when it is full.",
        ),
        NumberParam(
            "ttl_s",
            "Time to live (TTL)",
            0.0,
            0.0,
            86_400.0,
            unit="s",
            help="Entries expire this long after their fetch; hits do not extend it (0: never).",
        ),
        NumberParam(
            "read_rps",
            "Reads per second",
            1_000.0,
            1.0,
            10_000_000.0,
            unit="reads/s",
            help="All reads, hits and misses; matters for the TTL and the database load.",
            scale="log",
        ),
        NumberParam(
            "hit_ms",
            "Cache lookup time",
            1.0,
            0.0,
            1_000.0,
            unit="ms",
            help="Paid by every read (cache-aside).",
        ),
        NumberParam(
            "miss_ms",
            "Database read time",
            10.0,
            0.0,
            10_000.0,
            unit="ms",
            help="Paid on top by every miss.",
        ),
    ),
    outputs=(
        OutputSpec("hit_rate", "Hit rate", "Share of reads the cache answers."),
        OutputSpec("db_reads_per_s", "Database reads", "Misses per second: R (1 - h)."),
        OutputSpec("load_reduction", "Database load reduction", "1 / (1 - h)."),
        OutputSpec("mean_latency_ms", "Mean read latency", "hit_ms + (1 - h) miss_ms."),
    ),
    view=view,
    model_modules=(
        "widgets.cache_hit_rate.model",
        "widgets.cache_hit_rate.popularity",
        "widgets.cache_hit_rate.simulate",
    ),
    actions=(
        Action(
            "simulate",
            "Simulate",
            run=simulate_view,
            help="Replay a seeded random trace through a real cache and compare with the model.",
            outputs=(
                OutputSpec(
                    "simulated_hit_rate",
                    "Simulated hit rate",
                    "Hits among the measured reads of the seeded trace, after its warm-up.",
                ),
                OutputSpec(
                    "predicted_hit_rate", "Model's hit rate", "The hit rate the model predicts."
                ),
            ),
        ),
    ),
    rules=(AtMost("cache_size", "keys"),),
)
