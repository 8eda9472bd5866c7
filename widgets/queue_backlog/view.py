"""Parameters -> fluid queue -> five outputs and the backlog over time."""

from __future__ import annotations

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart
from live_widgets.core.format import compact, first_upper
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.queue_backlog.model import Burst, backlog_curve
from widgets.queue_backlog.text import duration, jobs, number, rate, workers

LEAD = 0.08
"""The chart starts this share of its span before the burst."""

# (unit name, seconds in it, largest span shown in it)
TIME_UNITS = (("s", 1.0, 300.0), ("min", 60.0, 300 * 60.0), ("hours", 3600.0, 96 * 3600.0))


def burst_from(params: Params) -> Burst:
    return Burst(
        arrival_rps=float(params["arrival_rps"]),
        burst_rps=float(params["burst_rps"]),
        burst_s=float(params["burst_s"]),
        workers=int(params["workers"]),
        job_ms=float(params["job_ms"]),
        wait_target_s=float(params["wait_target_s"]),
    )


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    burst = burst_from(params)
    return View(
        outputs=outputs(burst),
        figures=(backlog_figure(burst),),
        summary=summary(burst),
        notes=notes(burst),
    )


def outputs(burst: Burst) -> tuple[OutputValue, ...]:
    peak, drain, wait = burst.peak_backlog, burst.drain_s, burst.max_wait_s
    needed = burst.workers_needed
    needed_text = f"{workers(needed)} for waits of at most {duration(burst.wait_target_s)}"
    if peak is None or drain is None or wait is None:
        return (
            OutputValue("capacity_rps", burst.capacity_rps, rate(burst.capacity_rps)),
            OutputValue("peak_backlog", "unbounded", "no limit: the backlog never drains"),
            OutputValue(
                "drain_s", "unbounded", "never: normal traffic alone keeps every worker busy"
            ),
            OutputValue("max_wait_s", "unbounded", "no limit: the queue never empties"),
            OutputValue("workers_needed", needed, needed_text),
        )
    no_backlog = peak == 0
    return (
        OutputValue("capacity_rps", burst.capacity_rps, rate(burst.capacity_rps)),
        OutputValue(
            "peak_backlog", peak, "0 jobs: the workers keep up" if no_backlog else jobs(peak)
        ),
        OutputValue("drain_s", drain, "0 s: nothing to drain" if no_backlog else duration(drain)),
        OutputValue("max_wait_s", wait, "0 s: no job waits" if no_backlog else duration(wait)),
        OutputValue("workers_needed", needed, needed_text),
    )


def summary(burst: Burst) -> str:
    pool = f"{workers(burst.workers)} finishing {rate(burst.capacity_rps)}"
    traffic = f"a burst of {rate(burst.burst_rps)} for {duration(burst.burst_s)}"
    peak, drain, wait = burst.peak_backlog, burst.drain_s, burst.max_wait_s
    if peak is None or drain is None or wait is None:
        return (
            f"{first_upper(pool)} cannot keep up even with the normal {rate(burst.arrival_rps)}: "
            f"the backlog {traffic} leaves behind never drains. "
            f"{first_upper(workers(burst.workers_needed))} would keep every wait within "
            f"{duration(burst.wait_target_s)}."
        )
    if peak == 0:
        return (
            f"{first_upper(pool)} absorb {traffic} as it comes: no backlog builds and no job waits."
        )
    return (
        f"{first_upper(traffic)} against {pool} builds a backlog of {jobs(peak)}; the job at "
        f"the back of it waits {duration(wait)}, and the queue is empty again {duration(drain)} after "
        "the burst ends."
    )


def notes(burst: Burst) -> tuple[str, ...]:
    out: list[str] = []
    c = burst.capacity_rps
    busy = burst.arrival_rps * burst.job_ms / 1000.0
    law = (
        f"(Little's law: {rate(burst.arrival_rps)} \u00d7 {duration(burst.job_ms / 1000)} per job)"
    )
    if burst.drains:
        load = f"Normal traffic keeps {number(busy)} of them busy on average {law}."
    else:
        load = (
            f"Normal traffic alone needs {number(busy)} busy workers {law}, and there are "
            f"{burst.workers:,}: nothing is left over to drain a backlog."
        )
    out.append(
        f"Capacity = {workers(burst.workers)} \u00d7 1000 / {compact(burst.job_ms)} ms = "
        f"{rate(c)}. {load}"
    )
    wait = burst.max_wait_s
    needed = burst.workers_needed
    if wait is not None and burst.peak_backlog:
        verdict = "meets" if wait <= burst.wait_target_s else "misses"
        out.append(
            f"The longest wait, {duration(wait)}, {verdict} the target of "
            f"{duration(burst.wait_target_s)}; {workers(needed)} would be the fewest that meet "
            f"it. Each extra worker adds {rate(1000 / burst.job_ms)} of capacity, so during "
            "the burst the backlog grows more slowly and, after it, drains faster."
        )
    out.append(
        "Model: a fluid queue (Newell, Applications of Queueing Theory). Jobs arrive and are "
        "done at steady rates, so the backlog grows at (burst - capacity) and drains at "
        "(capacity - normal rate). Real traffic is random, so real queues run a little "
        "longer than this, most of all near capacity."
    )
    return tuple(out)


def _time_unit(span_s: float) -> tuple[str, float]:
    for name, size, largest in TIME_UNITS:
        if span_s <= largest:
            return name, size
    return "days", 86_400.0


def backlog_figure(burst: Burst) -> Figure:
    """The backlog over time: flat, rising through the burst, then draining."""
    drain = burst.drain_s
    end = 2.0 * burst.burst_s if drain is None else burst.burst_s + drain
    t_end = max(end * (1 + LEAD), burst.burst_s * 1.25)
    lead = LEAD * t_end
    unit, size = _time_unit(t_end + lead)
    curve = backlog_curve(burst, t_end, lead)
    points = tuple((t / size, b) for t, b in curve)
    target = burst.target_backlog
    top = max(max(b for _, b in curve), 0.0)
    y_max = max(top, target, 1.0) * 1.5  # room for the legend above the peak
    target_line = ((-lead / size, target), (t_end / size, target))
    peak = burst.peak_backlog
    if peak is None:
        final = curve[-1]
        marker = Marker(final[0] / size, final[1], "Never drains", PALETTE[1])
    else:
        marker = Marker(burst.burst_s / size, peak, f"Peak: {jobs(peak)}", PALETTE[1])
    chart = Chart(
        title="Backlog during and after the burst",
        x=Axis(f"Time from the start of the burst ({unit})", -lead / size, t_end / size),
        y=Axis("Jobs waiting", 0.0, y_max, tick_format=compact),
        series=(
            Series("Backlog", points, PALETTE[0]),
            Series(
                f"Backlog that waits {duration(burst.wait_target_s)}",
                target_line,
                PALETTE[2],
                "6 4",
            ),
        ),
        markers=(marker,),
    )
    if peak is None:
        alt = (
            f"The backlog grows through the burst of {duration(burst.burst_s)} and keeps "
            f"growing, or stays, after it: the workers' {rate(burst.capacity_rps)} do not "
            f"exceed normal traffic of {rate(burst.arrival_rps)}."
        )
    elif peak == 0:
        alt = "The backlog stays at zero: the workers keep up with the burst."
    else:
        alt = (
            f"The backlog is empty before the burst, grows in a straight line to {jobs(peak)} "
            f"at its end after {duration(burst.burst_s)}, then falls in a straight line to "
            f"empty {duration(drain or 0.0)} later. The dashed line marks the backlog that "
            f"takes {duration(burst.wait_target_s)} to clear, {jobs(target)}."
        )
    return Figure("backlog-over-time", chart.title, render_chart(chart), alt)
