"""Parameters -> model -> what the reader sees: four outputs and the hit-rate chart."""

from __future__ import annotations

from dataclasses import dataclass

from live_widgets.core.chart import Axis, Chart, Marker, Series, dash, palette, render_chart
from live_widgets.core.format import counted, plain_number, share
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.cache_hit_rate.model import (
    MAX_LOAD_REDUCTION,
    NO_EXPIRY,
    POLICIES,
    Policy,
    Workload,
    hit_rate,
    hit_rate_curve,
    make_workload,
    outcome,
    unlimited_state,
)
from widgets.cache_hit_rate.setup import CacheSetup, setup_from_params
from widgets.cache_hit_rate.text import (
    POLICY_NAMES,
    duration,
    milliseconds,
    reads_per_second,
    times_less,
)


@dataclass(frozen=True)
class Prediction:
    """The model's answers for one setup: every policy's hit rate at the chosen size."""

    setup: CacheSetup
    workload: Workload
    hit_rates: dict[Policy, float]

    @property
    def hit_rate(self) -> float:
        return self.hit_rates[self.setup.policy]


def predict(setup: CacheSetup) -> Prediction:
    workload = setup.workload
    rates = {policy: hit_rate(workload, policy, setup.cache_size) for policy in POLICIES}
    return Prediction(setup, workload, rates)


def view(params: Params) -> View:
    """The widget's main view."""
    setup = setup_from_params(params)
    prediction = predict(setup)
    h = prediction.hit_rate
    result = outcome(h, setup.read_rps, setup.hit_ms, setup.miss_ms)
    capped = not result.no_misses and result.load_reduction >= MAX_LOAD_REDUCTION
    outputs = (
        OutputValue("hit_rate", h, share(h)),
        OutputValue(
            "db_reads_per_s", result.db_reads_per_s, reads_per_second(result.db_reads_per_s)
        ),
        OutputValue(
            "load_reduction",
            result.load_reduction,
            times_less(result.load_reduction, result.no_misses, capped),
        ),
        OutputValue(
            "mean_latency_ms", result.mean_latency_ms, milliseconds(result.mean_latency_ms)
        ),
    )
    name = POLICY_NAMES[setup.policy]
    summary = (
        f"With {name} eviction, a cache of {counted(plain_number(setup.cache_size), 'item')} "
        f"for {plain_number(setup.keys)} keys (Zipf s = {plain_number(setup.skew)}) answers {share(h)} of "
        f"reads, so the database {_serves(result.db_reads_per_s, setup.read_rps)}."
    )
    return View(
        outputs=outputs,
        figures=(hit_rate_figure(prediction),),
        summary=summary,
        notes=_notes(prediction),
    )


def hit_rate_figure(prediction: Prediction) -> Figure:
    """Hit rate against cache size (log axis) for the three policies, current size marked."""
    setup, workload = prediction.setup, prediction.workload
    series = tuple(
        Series(POLICY_NAMES[policy], hit_rate_curve(workload, policy), palette(i), dash(i))
        for i, policy in enumerate(POLICIES)
    )
    chosen = POLICIES.index(setup.policy)
    h = prediction.hit_rate
    marker = Marker(
        float(setup.cache_size),
        h,
        f"{POLICY_NAMES[setup.policy]}: {share(h)}",
        palette(chosen),
    )
    title = "Hit rate against cache size"
    chart = Chart(
        title=title,
        x=Axis("Cache size (items, log scale)", 1.0, float(max(setup.keys, 2)), "log"),
        y=Axis("Hit rate (% of reads)", 0.0, 1.0, tick_format=lambda v: f"{v * 100:.0f}%"),
        series=series,
        markers=(marker,),
    )
    rates = ", ".join(
        f"{POLICY_NAMES[policy]} {share(prediction.hit_rates[policy])}" for policy in POLICIES
    )
    size = plain_number(setup.cache_size)
    alt = (
        f"Hit rate rises with cache size, from 1 item to all {plain_number(setup.keys)} keys. "
        f"At the chosen {counted(size, 'item')}: {rates}."
    )
    return Figure("hit-rate-vs-size", title, render_chart(chart), alt)


def _fresh_items(amount: str) -> str:
    """'1 item is fresh', '12 items are fresh'."""
    return f"{amount} item is fresh" if amount == "1" else f"{amount} items are fresh"


def _serves(db_reads: float, reads: float) -> str:
    """'serves 9.5 reads/s instead of 10 reads/s', or, where the two read alike (a cache
    that answers almost nothing), 'still serves nearly all 1,000 reads/s'."""
    if reads_per_second(db_reads) == reads_per_second(reads):
        return f"still serves nearly all {reads_per_second(reads)}"
    return f"serves {reads_per_second(db_reads)} instead of {reads_per_second(reads)}"


def _notes(prediction: Prediction) -> tuple[str, ...]:
    setup, workload = prediction.setup, prediction.workload
    notes: list[str] = []
    if workload.ttl_s != NO_EXPIRY:
        fresh = unlimited_state(workload)
        ttl = duration(setup.ttl_s)
        if fresh.size <= setup.cache_size:
            notes.append(
                f"With a {ttl} TTL only about "
                f"{_fresh_items(plain_number(round(fresh.size)))} at once, no more than the "
                f"{counted(plain_number(setup.cache_size), 'slot')}: the cache never fills, so a "
                "bigger cache does not help but a longer TTL would."
            )
        no_ttl = make_workload(setup.keys, setup.skew, setup.read_rps, 0.0)
        without = hit_rate(no_ttl, setup.policy, setup.cache_size)
        if share(without) == share(prediction.hit_rate):
            notes.append(
                f"The {ttl} TTL costs nothing here: the {POLICY_NAMES[setup.policy]} hit rate "
                f"is {share(without)} with or without it."
            )
        else:
            notes.append(
                f"Without the {ttl} TTL the {POLICY_NAMES[setup.policy]} hit rate would be "
                f"{share(without)} instead of {share(prediction.hit_rate)}."
            )
        rates = prediction.hit_rates
        if rates["lfu"] < max(rates["lru"], rates["fifo"]):
            notes.append(
                "The ideal LFU cache keeps only the most popular keys; with expiry, LRU and FIFO "
                "can beat it by filling the space that expired entries free with other keys."
            )
    notes.append(
        "Model: independent reads with Zipf popularity; LRU by Che's approximation, FIFO by its "
        "renewal analogue, LFU as the ideal cache that holds the most popular keys. "
        "Press Simulate to check it against a simulated trace."
    )
    return tuple(notes)
