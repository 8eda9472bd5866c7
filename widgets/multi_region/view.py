"""Parameters -> multi-region model -> three outputs and availability against regions."""

from __future__ import annotations

import math
from typing import cast

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart
from live_widgets.core.format import counted, first_upper, per_second
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.call_chain.text import availability_text, minutes_text
from widgets.multi_region.model import (
    MAX_REGIONS,
    Regions,
    Replication,
    availability_curve,
    nines,
)

TIMES = "\u00d7"


def regions_from(params: Params) -> Regions:
    return Regions(
        regions=int(params["regions"]),
        region_availability_pct=float(params["region_availability_pct"]),
        distance_km=float(params["distance_km"]),
        write_rps=float(params["write_rps"]),
        replication=cast(Replication, params["replication"]),
        lag_ms=float(params["lag_ms"]),
    )


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    r = regions_from(params)
    return View(
        outputs=outputs(r), figures=(regions_figure(r),), summary=summary(r), notes=notes(r)
    )


def ms_text(value: float) -> str:
    """Milliseconds: '0.1 ms', '55.9 ms', '200 ms', '1,500 ms', '60 s'."""
    if value >= 10_000:
        seconds = value / 1000
        return f"{seconds:.3g} s" if seconds < 100 else f"{seconds:,.0f} s"
    return f"{value:.3g} ms" if value < 100 else f"{value:,.0f} ms"


def writes_text(value: float) -> str:
    """A count of writes: '200 writes', '1.5 writes', '0.05 writes on average'."""
    if value >= 10:
        return f"{value:,.0f} writes"
    if value >= 1:
        return counted(f"{value:.2g}", "write")
    return f"{value:.2g} writes on average"


def km_text(value: float) -> str:
    return f"{value:,.0f} km"


NUMBERS = ("zero", "one", "two", "three", "four", "five")


def region_count(n: int) -> str:
    word = NUMBERS[n] if n < len(NUMBERS) else f"{n:,}"
    return f"{word} region" if n == 1 else f"{word} regions"


def all_regions(n: int) -> str:
    """'both regions', 'all three regions'."""
    return "both regions" if n == 2 else f"all {region_count(n)}"


def rps_text(value: float) -> str:
    return per_second(f"{value:,.0f}" if value >= 10 else f"{value:.3g}", "write")


def outputs(r: Regions) -> tuple[OutputValue, ...]:
    penalty, lost = r.sync_penalty_ms, r.writes_lost
    bound = "" if r.single else " at best (independent failures)"
    if penalty is None:
        penalty_out = OutputValue("sync_write_penalty_ms", "n/a", "none: no second region")
    elif r.replication == "sync":
        penalty_out = OutputValue(
            "sync_write_penalty_ms", penalty, f"+{ms_text(penalty)} on every write"
        )
    else:
        penalty_out = OutputValue(
            "sync_write_penalty_ms",
            penalty,
            f"{ms_text(penalty)} a write if it were synchronous (async writes do not wait)",
        )
    if lost is None:
        lost_out = OutputValue(
            "writes_lost_on_failover", "n/a", "no failover: no other region holds a copy"
        )
    elif r.replication == "sync":
        lost_out = OutputValue(
            "writes_lost_on_failover", 0.0, "none: every write is in two regions first"
        )
    else:
        lost_out = OutputValue(
            "writes_lost_on_failover",
            lost,
            f"about {writes_text(lost)} ({rps_text(r.write_rps)} {TIMES} {ms_text(r.lag_ms)})"
            + (
                f"; too few: no lag is shorter than the {ms_text(r.lag_floor_ms)} light needs"
                if r.lag_below_floor
                else ""
            ),
        )
    return (
        OutputValue(
            "availability_pct", r.availability_pct, availability_text(r.unavailability) + bound
        ),
        penalty_out,
        lost_out,
    )


def _about(minutes: float) -> str:
    text = minutes_text(minutes)
    return text if text.startswith("under") else "about " + text


def summary(r: Regions) -> str:
    each = f"{r.region_availability_pct:.6g}%"
    if r.single:
        return (
            f"One region up {each} of the time is down {_about(r.downtime_minutes)} a month, "
            "and a regional outage is a full outage: there is nowhere to fail over to."
        )
    head = (
        f"{first_upper(region_count(r.regions))}, each up {each} of the time, are together up "
        f"{availability_text(r.unavailability)} at best, if they fail independently "
        f"({_about(r.downtime_minutes)} of total outage a month)"
    )
    lost, penalty = r.writes_lost or 0.0, r.sync_penalty_ms or 0.0
    if r.replication == "sync":
        return (
            f"{head}; synchronous replication loses no writes on failover, but every write "
            f"waits at least {ms_text(penalty)} for a region {km_text(r.distance_km)} away."
        )
    return (
        f"{head}; asynchronous replication {ms_text(r.lag_ms)} behind can lose about "
        f"{writes_text(lost)} in an unplanned failover, where synchronous writes would wait "
        f"at least {ms_text(penalty)} each."
    )


def notes(r: Regions) -> tuple[str, ...]:
    a = r.region_availability_pct / 100.0
    out: list[str] = []
    if not r.single:
        out.append(
            f"Availability: the product is down only when {all_regions(r.regions)} are down at "
            f"once: 1 \u2212 (1 \u2212 {a:.6g})^{r.regions} = "
            f"{availability_text(r.unavailability)}. This is the optimistic bound: it assumes "
            "regions fail independently and failover is instant. A global configuration push, "
            "one bad release deployed everywhere or a shared DNS provider takes regions down "
            "together, and each failover takes tens of seconds to minutes."
        )
        out.append(
            f"Synchronous writes: light in fibre covers about 200 km per ms, so a region "
            f"{km_text(r.distance_km)} away is at least {km_text(r.distance_km)} / 100 = "
            f"{ms_text(r.sync_penalty_ms or 0.0)} away there and back. Real routes are longer "
            "than a straight line and routers add delay, so measured round trips are higher."
        )
        if r.replication == "async":
            out.append(
                f"Lost writes: {rps_text(r.write_rps)} {TIMES} {ms_text(r.lag_ms)} of lag = "
                f"{writes_text(r.writes_lost or 0.0)}, the writes not yet copied when the "
                "region fails (the recovery point). Lag grows under load, so measure it."
            )
        if r.lag_below_floor:
            out.append(
                f"A lag of {ms_text(r.lag_ms)} is shorter than light needs to cross "
                f"{km_text(r.distance_km)} ({ms_text(r.lag_floor_ms)} one way): not possible. "
                "The lost-writes figure is too optimistic."
            )
    else:
        out.append(
            "With one region there is nothing to replicate to: add a second region to see "
            "the availability it buys and what copying writes to it costs."
        )
    return tuple(out)


def _nines_text(unavailable: float) -> str:
    return counted(f"{nines(unavailable):.3g}", "nine")


def regions_figure(r: Regions) -> Figure:
    """Availability, in nines, against the number of regions, with the current point."""
    curve = availability_curve(r.region_availability_pct)
    top = max(y for _, y in curve)
    y_max = float(math.ceil(top * 1.1))
    here = nines(r.unavailability)
    chart = Chart(
        title="Availability against the number of regions (independent failures)",
        x=Axis("Regions", 1.0, float(MAX_REGIONS), tick_format=lambda v: f"{v:.0f}"),
        y=Axis("Availability in nines (3 = 99.9%)", 0.0, y_max, tick_format=lambda v: f"{v:g}"),
        series=(Series("Optimistic bound", curve, PALETTE[0]),),
        markers=(
            Marker(
                float(r.regions),
                here,
                counted(f"{here:.3g}", "nine"),  # short: it must fit a 320 px frame
                PALETTE[1],
            ),
        ),
    )
    points = "; ".join(f"{int(n)}: {availability_text(10**-y)}" for n, y in curve)
    alt = (
        f"With each region up {r.region_availability_pct:.6g}% of the time and failing "
        f"independently, availability by number of regions is {points}. Each extra region "
        f"adds about {_nines_text(1 - r.region_availability_pct / 100)}; correlated "
        f"failures make real systems lower. You are at {region_count(r.regions)}: "
        f"{availability_text(r.unavailability)}."
    )
    return Figure("availability-by-regions", chart.title, render_chart(chart), alt)
