"""Parameters -> replica model -> four outputs and the stale-read chart."""

from __future__ import annotations

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart
from live_widgets.core.format import counted, share
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.replication_lag.model import Replica, overlap, stale_curve
from widgets.replication_lag.text import duration_ms, rate, writes, writes_each_second

TAIL = 0.001
"""The chart runs until only this share of reads would still be stale."""


def replica_from(params: Params) -> Replica:
    return Replica(
        write_rps=float(params["write_rps"]),
        apply_rps=float(params["apply_rps"]),
        network_ms=float(params["network_ms"]),
        read_after_ms=float(params["read_after_ms"]),
    )


def quorum_from(params: Params) -> tuple[int, int, int]:
    return int(params["n"]), int(params["w"]), int(params["r"])


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    replica = replica_from(params)
    n, w, r = quorum_from(params)
    return View(
        outputs=outputs(replica, n, w, r),
        figures=(stale_figure(replica),),
        summary=summary(replica),
        notes=notes(replica, n, w, r),
    )


def overlap_text(n: int, w: int, r: int) -> str:
    both = overlap(n, w, r)
    if both > 0:
        copies = "1 copy" if both == 1 else f"{both} copies"
        return f"{copies}: every read reaches a copy with the latest write"
    return f"{both} (no overlap): a read may miss the latest write"


def outputs(replica: Replica, n: int, w: int, r: int) -> tuple[OutputValue, ...]:
    lag, lost = replica.mean_lag_ms, replica.writes_lost_on_failover
    stale = replica.stale_read_probability
    if lag is None or lost is None:
        lag_value: float | str = "unbounded"
        pace = "faster than" if replica.write_rps > replica.apply_rps else "as fast as"
        lag_text = f"grows without bound: writes arrive {pace} the replica applies them"
        lost_value: float | str = "unbounded"
        lost_text = "grows with the backlog, without bound"
        stale_text = "100% in time: the lag keeps growing"
    else:
        lag_value, lag_text = lag, duration_ms(lag)
        lost_value, lost_text = lost, writes(lost)
        stale_text = share(stale)
    return (
        OutputValue("mean_lag_ms", lag_value, lag_text),
        OutputValue("stale_read_probability", stale, stale_text),
        OutputValue("writes_lost_on_failover", lost_value, lost_text),
        OutputValue("quorum_overlap", overlap(n, w, r), overlap_text(n, w, r)),
    )


def summary(replica: Replica) -> str:
    load = (
        f"At {rate(replica.write_rps)} against a replica that applies at most "
        f"{rate(replica.apply_rps)}"
    )
    lag = replica.mean_lag_ms
    if lag is None:
        return (
            f"{load}, the replica falls further behind every second: its lag grows without "
            "bound, so reads from it grow ever staler and a failover to it would lose more "
            "and more writes."
        )
    away = (
        f"{duration_ms(replica.network_ms)} away"
        if replica.network_ms > 0
        else "with no network delay"
    )
    return (
        f"{load}, {away}, the replica trails by "
        f"{duration_ms(lag)} on average, so a user who reads back "
        f"{duration_ms(replica.read_after_ms)} after saving sees the old value "
        f"{share(replica.stale_read_probability)} of the time."
    )


def notes(replica: Replica, n: int, w: int, r: int) -> tuple[str, ...]:
    out: list[str] = []
    p99, p999 = replica.lag_quantile_ms(0.99), replica.lag_quantile_ms(0.999)
    if p99 is not None and p999 is not None:
        within = (
            f"99% and 99.9% of writes are visible on the replica within {duration_ms(p999)}"
            if duration_ms(p99) == duration_ms(p999)
            else f"99% of writes are visible on the replica within {duration_ms(p99)} and "
            f"99.9% within {duration_ms(p999)}"
        )
        out.append(
            f"The apply stream is {share(replica.utilisation)} busy. {within}: routing a "
            "user's reads to the primary for that long after they write hides the lag from "
            "them."
        )
    else:
        behind = replica.write_rps - replica.apply_rps
        if behind > 0:
            drift = f"The replica falls behind by about {writes_each_second(behind)} every second."
        else:
            drift = (
                "Writes arrive exactly as fast as the replica can apply them; with random "
                "arrivals its backlog still drifts upwards without bound."
            )
        out.append(
            f"{drift} Take it out of the read pool, lower the write rate, or give the replica "
            "more apply capacity."
        )
    out.append(
        "Quorum (a leaderless store such as Cassandra or Dynamo): with n = "
        f"{counted(n, 'copy', 'copies')}, a "
        f"write waits for w = {w} and a read asks r = {r}; w + r - n = {overlap(n, w, r)}. "
        "Overlap needs w + r > n."
    )
    out.append(
        "Model: the write travels one-way to the replica, then queues for one apply stream "
        "(M/M/1: random arrivals, random apply times), so the lag beyond the network delay "
        "is exponential with rate (apply - write). Writes at risk on failover: write rate "
        "\u00d7 mean lag (Little's law). Real replicas batch and parallelise, so read the "
        "shape, not the exact numbers."
    )
    return tuple(out)


def stale_figure(replica: Replica) -> Figure:
    """P(stale read) against how soon the user reads back, current point marked."""
    read_after = replica.read_after_ms
    tail = replica.lag_quantile_ms(1 - TAIL)
    if tail is not None:
        x_max = max(1.5 * read_after, tail, 1.0)
    else:
        x_max = max(2.0 * read_after, 2.0 * replica.network_ms, 100.0)
    curve = stale_curve(replica, x_max)
    stale = replica.stale_read_probability
    label = (
        f"{share(stale)} stale at {duration_ms(read_after)}"
        if replica.stable
        else "Overloaded: every read-back stale in time"
    )
    chart = Chart(
        title="Chance a read-back is stale",
        x=Axis("Read-back after the write (ms)", 0.0, x_max),
        y=Axis("Stale reads", 0.0, 1.0, tick_format=lambda v: f"{v * 100:.0f}%"),
        series=(Series("Stale-read probability", curve, PALETTE[0]),),
        markers=(Marker(read_after, stale, label, PALETTE[1]),),
    )
    if replica.stable:
        lag = replica.mean_lag_ms or 0.0
        alt = (
            f"Every read sooner than the network delay of {duration_ms(replica.network_ms)} is "
            f"stale; after that the chance falls exponentially, past the mean lag of "
            f"{duration_ms(lag)}, to 0.1% at {duration_ms(tail or 0.0)}. You read back after "
            f"{duration_ms(read_after)}: {share(stale)} of such reads are stale."
        )
    else:
        alt = (
            "The replica cannot keep up, so the lag grows without bound and in time every "
            f"read-back is stale, however long the user waits (you read back after "
            f"{duration_ms(read_after)})."
        )
    return Figure("stale-read-probability", chart.title, render_chart(chart), alt)
