"""Parameters -> estimate -> five outputs, the steps said aloud, and load against DAU."""

from __future__ import annotations

import math

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart, sample_log
from live_widgets.core.format import compact, counted, first_upper, per_second
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.estimator.model import Estimate, Workload, avg_rps, estimate
from widgets.estimator.text import about, bandwidth, big, data_size, kilobytes, plain, round_sig

TIMES = "\u00d7"
DAU_MIN, DAU_MAX = 100.0, 3_000_000_000.0
CURVE_POINTS = 49
MAX_RATIO = 1e9
"""Past a billion reads per write the ratio is only 'reads only, in effect'."""


def workload_from(params: Params) -> Workload:
    return Workload(
        dau=float(params["dau"]),
        requests_per_user=float(params["requests_per_user"]),
        peak_factor=float(params["peak_factor"]),
        write_pct=float(params["write_pct"]),
        object_kb=float(params["object_kb"]),
        retention_years=float(params["retention_years"]),
        replicas=int(params["replicas"]),
    )


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    e = estimate(workload_from(params))
    return View(outputs=outputs(e), figures=(load_figure(e),), summary=summary(e), notes=steps(e))


def count(value: float) -> str:
    """A count people say: '10 million', '50,000', '2.5'."""
    return big(value) if value >= 1e6 else plain(value)


def outputs(e: Estimate) -> tuple[OutputValue, ...]:
    return (
        OutputValue("avg_rps", e.avg_rps, per_second(plain(e.avg_rps), "request")),
        OutputValue("peak_rps", e.peak_rps, per_second(plain(e.peak_rps), "request")),
        OutputValue("write_rps", e.write_rps, per_second(plain(e.write_rps), "write")),
        OutputValue("storage_tb", e.storage_tb, data_size(e.storage_tb)),
        OutputValue("peak_bandwidth_mbps", e.peak_bandwidth_mbps, bandwidth(e.peak_bandwidth_mbps)),
    )


def years(value: float) -> str:
    return counted(f"{value:g}", "year")


def copies(n: int) -> str:
    return counted(n, "copy", "copies")


def summary(e: Estimate) -> str:
    w = e.workload
    head = (
        f"{first_upper(count(w.dau))} daily users making "
        f"{counted(plain(w.requests_per_user), 'request')} each send about {per_second(about(e.avg_rps), 'request')} on average and {about(e.peak_rps)} at "
        "peak"
    )
    if e.write_rps == 0:
        return f"{head}; with no writes nothing is stored, and the peak moves {bandwidth(e.peak_bandwidth_mbps)}."
    return (
        f"{head}; {plain(w.write_pct)}% of them are writes storing {kilobytes(w.object_kb)} each, "
        f"{data_size(e.storage_tb)} over {years(w.retention_years)} in {copies(w.replicas)}, "
        f"and the peak moves {bandwidth(e.peak_bandwidth_mbps)}."
    )


def ratio_text(write_pct: float) -> str:
    if write_pct <= 0:
        return "reads only"
    if write_pct >= 100:
        return "writes only"
    reads = (100.0 - write_pct) / write_pct
    if reads > MAX_RATIO:
        return "reads only, in effect"
    if reads < 1 / MAX_RATIO:
        return "writes only, in effect"
    if reads >= 1:
        return f"a read-write ratio of about {about(reads)}:1"
    return f"a read-write ratio of about 1:{about(1 / reads)}"


def steps(e: Estimate) -> tuple[str, ...]:
    """Each step with its numbers, in the order an interviewer wants to hear them."""
    w = e.workload
    out = [
        f"1. Requests a day: {count(w.dau)} users {TIMES} "
        f"{counted(plain(w.requests_per_user), 'request')} = {count(e.requests_per_day)} a day.",
        f"2. Average: {count(e.requests_per_day)} / 86,400 s \u2248 "
        f"{per_second(plain(e.avg_rps), 'request')}. Shortcut: a day is about 100,000 s, so this is about "
        f"{about(e.requests_per_day / 100_000)}/s.",
        f"3. Peak: {plain(e.avg_rps)} {TIMES} {plain(w.peak_factor)} (peak factor) \u2248 "
        f"{per_second(plain(e.peak_rps), 'request')}. Size the system for this, plus headroom.",
    ]
    if e.write_rps > 0:
        out.append(
            f"4. Writes: {plain(e.avg_rps)} {TIMES} {plain(w.write_pct)}% \u2248 "
            f"{per_second(plain(e.write_rps), 'write')} on average, about {about(e.peak_write_rps)}/s at "
            f"peak; {ratio_text(w.write_pct)}."
        )
        out.append(
            f"5. Storage: {per_second(plain(e.write_rps), 'write')} {TIMES} 86,400 s = "
            f"{counted(count(e.writes_per_day), 'write')} a day {TIMES} {kilobytes(w.object_kb)} = "
            f"{data_size(e.tb_per_day)} a day; {TIMES} 365 days {TIMES} "
            f"{years(w.retention_years)} {TIMES} {copies(w.replicas)} = {data_size(e.storage_tb)}."
        )
    else:
        out.append("4. Writes: none, so 5. nothing new is stored.")
    out.append(
        f"6. Bandwidth at peak: {per_second(plain(e.peak_rps), 'request')} {TIMES} "
        f"{kilobytes(w.object_kb)} {TIMES} 8 bits = {bandwidth(e.peak_bandwidth_mbps)}, if "
        "every request moves one object."
    )
    out.append(
        f"Say it rounded: about {per_second(about(e.avg_rps), 'request')} on average, {about(e.peak_rps)} "
        f"at peak, {per_second(about(e.write_rps), 'write')}, {data_size(round_sig(e.storage_tb, 2))} stored. "
        "One or two significant figures are enough; the point is which component the numbers "
        "call for."
    )
    return tuple(out)


def load_figure(e: Estimate) -> Figure:
    """Average and peak requests a second against DAU (log-log), with the current point."""
    w = e.workload
    dau = sample_log(DAU_MIN, DAU_MAX, CURVE_POINTS)
    avg = tuple((d, avg_rps(d, w.requests_per_user)) for d in dau)
    peak = tuple((d, y * w.peak_factor) for d, y in avg)
    low = 10 ** math.floor(math.log10(avg[0][1]))
    high = 10 ** math.ceil(math.log10(peak[-1][1]))
    chart = Chart(
        title="Requests a second against daily active users",
        x=Axis("Daily active users (log scale)", DAU_MIN, DAU_MAX, "log", compact),
        y=Axis("Requests a second (log scale)", low, high, "log", compact),
        series=(
            Series(f"Peak ({plain(w.peak_factor)}{TIMES} average)", peak, PALETTE[0]),
            Series("Average", avg, PALETTE[2], "6 4"),
        ),
        markers=(
            Marker(w.dau, e.peak_rps, f"{plain(e.peak_rps)} req/s at {compact(w.dau)}", PALETTE[1]),
        ),
    )
    alt = (
        f"At {counted(plain(w.requests_per_user), 'request')} per user a day, average load "
        "grows in step "
        f"with users, from {per_second(plain(avg[0][1]), 'request')} at {compact(DAU_MIN)} daily users to "
        f"{plain(avg[-1][1])} at {compact(DAU_MAX)}; the peak is {plain(w.peak_factor)} times "
        f"that. You are at {count(w.dau)} daily users: {per_second(plain(e.avg_rps), 'request')} on "
        f"average, {plain(e.peak_rps)} at peak."
    )
    return Figure("load-by-dau", chart.title, render_chart(chart), alt)
