"""Parameters -> M/M/c model -> what the reader sees: four outputs and the hockey stick."""

from __future__ import annotations

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart
from live_widgets.core.format import compact, counted, significant
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.capacity.model import Box, response_curve
from widgets.capacity.text import milliseconds, rate, share, times

HEADROOM = 0.7
"""The book's signal (One server): act when CPU is steadily above 60-70% at peak."""


def box_from(params: Params) -> Box:
    return Box(float(params["arrival_rps"]), float(params["service_ms"]), int(params["cores"]))


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    box = box_from(params)
    return View(
        outputs=outputs(box),
        figures=(hockey_stick(box),),
        summary=summary(box),
        notes=notes(box),
    )


def cores_text(cores: int) -> str:
    return counted(cores, "core")


def _overload(box: Box) -> str:
    """Why an unstable box's queue grows: more work than the cores can do, or (at exactly
    100%) no spare capacity at all, so random bursts never drain."""
    if box.arrival_rps > box.max_rps:
        return "more work than the cores can do"
    return "no spare capacity, so the queue never drains"


def outputs(box: Box) -> tuple[OutputValue, ...]:
    rho = box.utilisation
    busy = share(rho) if box.stable else f"{share(rho)}: {_overload(box)}"
    wait = box.wait_probability
    response = box.mean_response_ms
    return (
        OutputValue("utilisation", rho, busy),
        OutputValue("max_rps", box.max_rps, rate(box.max_rps)),
        OutputValue(
            "wait_probability",
            "n/a" if wait is None else wait,
            "every request waits, ever longer" if wait is None else share(wait),
        ),
        OutputValue(
            "mean_response_ms",
            "unbounded" if response is None else response,
            "grows without bound" if response is None else milliseconds(response),
        ),
    )


def summary(box: Box) -> str:
    load = f"At {rate(box.arrival_rps)}, {cores_text(box.cores)} taking {milliseconds(box.service_ms)} of CPU per request"
    wait, response = box.wait_probability, box.mean_response_ms
    if wait is None or response is None:
        return (
            f"{load} would need to be {share(box.utilisation)} busy, but "
            f"{'it finishes' if box.cores == 1 else 'they finish'} at most "
            f"{rate(box.max_rps)}: the queue grows without bound and response times keep "
            "climbing for as long as the load lasts."
        )
    return (
        f"{load} {'is' if box.cores == 1 else 'are'} {share(box.utilisation)} busy: "
        f"{share(wait)} of requests wait for a core, "
        f"and the mean response time is {milliseconds(response)}, "
        f"{times(response / box.service_ms)} the work itself."
    )


def notes(box: Box) -> tuple[str, ...]:
    out: list[str] = []
    if box.stable and box.in_progress is not None and box.mean_wait_ms is not None:
        out.append(
            f"On average {significant(box.in_progress)} requests are in the box at once (Little's law: "
            f"{rate(box.arrival_rps)} \u00d7 {milliseconds(box.mean_response_ms or 0.0)}), and a "
            f"request waits {milliseconds(box.mean_wait_ms)} in the queue before a core takes it."
        )
    elif box.arrival_rps <= box.max_rps:
        out.append(
            "Arrivals exactly match what the cores can finish, so there is no spare capacity: "
            "every random burst adds to the queue and nothing ever drains it. Add cores, make "
            "each request cheaper, or shed load."
        )
    else:
        extra = box.arrival_rps - box.max_rps
        out.append(
            f"Each second about {rate(extra).removesuffix(' req/s')} more requests arrive than "
            "the cores can finish, so the queue gets that much longer every second. Add cores, "
            "make each request cheaper, or shed load."
        )
    out.append(
        f"Staying below {HEADROOM:.0%} busy, the usual signal to plan the next move, means "
        f"at most {rate(HEADROOM * box.max_rps)} on this box."
    )
    out.append(
        "Model: M/M/c (Kleinrock, Queueing Systems, vol. 1, 1975): requests arrive at random, "
        "CPU times vary at random around their mean (exponentially), and one queue feeds every "
        "core. Real request times usually vary less, so real queues are usually a little "
        "shorter, but the shape of the curve is the same."
    )
    return tuple(out)


def hockey_stick(box: Box) -> Figure:
    """Mean response time against arrival rate, the capacity wall and the current point."""
    s, peak = box.service_ms, box.max_rps
    response = box.mean_response_ms
    top = max(8.0 * s, 1.25 * response) if response is not None else 8.0 * s
    curve = response_curve(s, box.cores, top)
    x_max = peak * 1.05 if box.stable else max(peak, box.arrival_rps) * 1.1
    wall = ((peak, 0.0), (peak, top))
    if response is not None:
        marker = Marker(
            box.arrival_rps,
            response,
            f"{milliseconds(response)} at {rate(box.arrival_rps)}",
            PALETTE[1],
        )
    else:
        marker = Marker(box.arrival_rps, 0.8 * top, "Overloaded", PALETTE[1])
    chart = Chart(
        title="Mean response time against arrival rate",
        x=Axis("Arrival rate (requests a second)", 0.0, x_max),
        y=Axis("Mean response time (ms)", 0.0, top, tick_format=compact),
        series=(
            Series(f"{cores_text(box.cores)}, {milliseconds(s)} each", curve, PALETTE[0]),
            Series(f"Capacity: {rate(peak)}", wall, PALETTE[7], "6 4"),
        ),
        markers=(marker,),
    )
    where = (
        f"You are at {rate(box.arrival_rps)}, {share(box.utilisation)} busy, with a mean "
        f"response time of {milliseconds(response)}."
        if response is not None
        else f"You are at {rate(box.arrival_rps)}, beyond the capacity: the queue grows "
        "without bound."
    )
    alt = (
        f"The mean response time starts at {milliseconds(s)} with no load, stays nearly flat "
        f"at first, then climbs steeply as the arrival rate nears the capacity of "
        f"{rate(peak)} ({cores_text(box.cores)}). {where}"
    )
    return Figure("hockey-stick", chart.title, render_chart(chart), alt)
