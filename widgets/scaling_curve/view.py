"""Parameters -> the scalability law -> four outputs, the curve and the price bars."""

from __future__ import annotations

import math

from live_widgets.core.chart import (
    PALETTE,
    Axis,
    Chart,
    Marker,
    Series,
    bars_svg,
    render_chart,
)
from live_widgets.core.format import compact, counted, plain_number, usd
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.capacity.text import share
from widgets.cost_ladder.prices import load_price_book
from widgets.scaling_curve.machines import NODE, PriceComparison, compare
from widgets.scaling_curve.model import Scaling, amdahl_limit, curve, relative_throughput

TIMES = "\u00d7"
SIGMA, KAPPA = "\u03c3", "\u03ba"
MAX_NODES = 1024


def scaling_from(params: Params) -> Scaling:
    return Scaling(int(params["nodes"]), float(params["contention"]), float(params["coherency"]))


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    s = scaling_from(params)
    prices = compare(s.nodes, load_price_book())
    return View(
        outputs=outputs(s),
        figures=(curve_figure(s), price_figure(s, prices)),
        summary=summary(s),
        notes=notes(s, prices),
    )


def multiple(value: float) -> str:
    """Throughput as a multiple of one node: '8.56\u00d7', '21.3\u00d7', '1,024\u00d7'."""
    if value < 100:
        return f"{value:.3g}{TIMES}"
    return f"{value:,.0f}{TIMES}"


def node_count(n: int) -> str:
    return counted(n, "node")


def _no_peak(s: Scaling) -> str:
    limit = amdahl_limit(s.sigma)
    if limit is None:
        return f"no peak: with {SIGMA} = {KAPPA} = 0 throughput grows in step with nodes"
    if limit > 1e15:  # sigma so small that 1/sigma is beyond any fleet (or a float)
        return (
            f"no peak: with {KAPPA} = 0 (Amdahl's law) throughput keeps rising towards "
            f"1/{SIGMA}, more than a million billion times one node"
        )
    return (
        f"no peak: with {KAPPA} = 0 (Amdahl's law) throughput keeps rising towards "
        f"{multiple(limit)} one node"
    )


def outputs(s: Scaling) -> tuple[OutputValue, ...]:
    peak, top = s.peak_nodes, s.peak_throughput
    return (
        OutputValue(
            "relative_throughput", s.throughput, f"{multiple(s.throughput)} one node's throughput"
        ),
        OutputValue("efficiency", s.efficiency, share(s.efficiency)),
        OutputValue(
            "peak_nodes",
            "none" if peak is None else peak,
            _no_peak(s) if peak is None else node_count(peak),
        ),
        OutputValue(
            "peak_throughput",
            "none" if top is None else top,
            "no peak" if top is None else f"{multiple(top)} one node's throughput",
        ),
    )


def summary(s: Scaling) -> str:
    verb = "delivers" if s.nodes == 1 else "deliver"
    start = (
        f"{node_count(s.nodes)} {verb} {multiple(s.throughput)} the throughput of one "
        f"({share(s.efficiency)} efficiency)"
    )
    peak, top = s.peak_nodes, s.peak_throughput
    if peak is None or top is None:
        limit = amdahl_limit(s.sigma)
        if limit is None:
            return f"{start}: with no contention and no coherency cost, scaling is linear."
        ceiling = f"1/{SIGMA}, over a million billion" if limit > 1e15 else multiple(limit)
        return (
            f"{start}; with {KAPPA} = 0 this is Amdahl's law, and no number of nodes gets past "
            f"{ceiling}."
        )
    if s.nodes > peak:
        return (
            f"{start}: past the peak of {multiple(top)} at {node_count(peak)}, so removing "
            "nodes would raise throughput."
        )
    return f"{start}; throughput peaks at {multiple(top)} with {node_count(peak)}."


def price_note(n: int, prices: PriceComparison) -> str:
    """The note beside the curve: N m5.large against one big m5, monthly list prices."""
    source = (
        f"on-demand in us-east-1, from the cost ladder's price book ({NODE.name} at "
        f"${prices.node_hourly:.3f} an hour, 730 hours a month)"
    )
    if n == 1:
        return f"Price, {source}: one {NODE.name} costs {usd(prices.fleet_monthly)} a month."
    fleet = f"{n:,} {NODE.name} machines cost {usd(prices.fleet_monthly)} a month"
    if prices.big is None or prices.big_monthly is None:
        big = (
            "No single m5 machine is that big: the largest, m5.24xlarge (96 vCPU, 384 GiB), "
            f"equals 48 {NODE.name}, so past 48 nodes only a fleet can grow."
        )
    else:
        size = prices.big
        same = (
            "the same price, because m5 prices grow in step with size"
            if size.units == n
            else f"more, because sizes come in steps and the nearest equals {size.units} "
            f"{NODE.name}"
        )
        big = (
            f"One {size.name} with at least as much ({size.vcpu} vCPU, {size.memory_gib} GiB) "
            f"costs {usd(prices.big_monthly)}, {same}."
        )
    return f"Price, {source}: {fleet}. {big}"


def notes(s: Scaling, prices: PriceComparison) -> tuple[str, ...]:
    n = s.nodes
    out = [price_note(n, prices)]
    if n > 1:
        out.append(
            f"Per unit of throughput the fleet pays {multiple(n / s.throughput)} what a single "
            f"node pays: every node costs the same, but on average is worth "
            f"{share(s.efficiency)} of one. A big machine's cores contend too, with their own "
            f"{SIGMA} and {KAPPA} (the law applies to the cores in one box as well), and it "
            "stays one point of failure."
        )
    if not s.amdahl and n > 1:
        amdahl = relative_throughput(n, s.sigma, 0.0)
        out.append(
            f"Without the coherency cost ({KAPPA} = 0, Amdahl's law) the same "
            f"{node_count(n)} would give {multiple(amdahl)}."
        )
    out.append(
        f"Model: Universal Scalability Law (Gunther, Guerrilla Capacity Planning, 2007). "
        f"{SIGMA} is the share of work that waits for something shared; {KAPPA} the cost of "
        "keeping every pair of nodes in step. Fit both to your own load-test measurements."
    )
    return tuple(out)


def _x_range(s: Scaling) -> int:
    """Enough nodes to show the current point and the peak, rounded up, at most 1,024."""
    wanted = max(16, 2 * s.nodes)
    peak = s.peak_nodes
    if peak is not None:
        wanted = max(wanted, math.ceil(1.5 * peak))
    rounded = 2 ** math.ceil(math.log2(wanted))
    return min(MAX_NODES, rounded)


def curve_figure(s: Scaling) -> Figure:
    """Relative throughput against nodes: this law, Amdahl's and linear scaling."""
    last = _x_range(s)
    usl = curve(s.sigma, s.kappa, last)
    amdahl = curve(s.sigma, 0.0, last)
    top_value = max(y for _, y in (*usl, *amdahl))
    top = max(2.0, top_value * 1.15)
    reach = min(float(last), 0.7 * top)  # stops below the legend in the top left
    series = [
        Series(
            f"USL: {SIGMA} = {plain_number(s.sigma)}, {KAPPA} = {plain_number(s.kappa)}",
            usl,
            PALETTE[0],
        ),
    ]
    if not s.amdahl:
        series.append(Series(f"Amdahl ({KAPPA} = 0)", amdahl, PALETTE[2], "6 4"))
    series.append(Series("Linear", ((1.0, 1.0), (reach, reach)), PALETTE[7], "2 3"))
    markers = [
        Marker(
            float(s.nodes),
            s.throughput,
            f"{node_count(s.nodes)}: {multiple(s.throughput)}",
            PALETTE[1],
        )
    ]
    peak, peak_x = s.peak_nodes, s.peak_throughput
    if peak is not None and peak_x is not None and peak <= last and peak != s.nodes:
        markers.append(Marker(float(peak), peak_x, f"Peak: {multiple(peak_x)}", PALETTE[3]))
    chart = Chart(
        title="Relative throughput against nodes",
        x=Axis("Nodes", 1.0, float(last)),
        y=Axis(f"Throughput ({TIMES} one node)", 0.0, top, tick_format=compact),
        series=tuple(series),
        markers=tuple(markers),
    )
    if peak is not None and peak_x is not None:
        shape = (
            f"Throughput rises, peaks at {multiple(peak_x)} with {node_count(peak)}, then falls "
            "as coherency costs win."
        )
    else:
        shape = _no_peak(s).replace("no peak: ", "There is no peak: ") + "."
    alt = (
        f"Relative throughput from 1 to {last:,} nodes. {shape} "
        f"With {node_count(s.nodes)}: {multiple(s.throughput)}."
    )
    return Figure("usl-curve", chart.title, render_chart(chart), alt)


def price_figure(s: Scaling, prices: PriceComparison) -> Figure:
    """Monthly price: one big machine against N m5.large (bars)."""
    n = s.nodes
    fleet_label = f"{n:,} {TIMES} {NODE.name}"
    if n == 1:  # one node is the smallest machine itself: one bar, nothing to set beside it
        labels = [fleet_label]
        values = [prices.fleet_monthly]
        said = f"one {NODE.name}, {usd(prices.fleet_monthly)} a month: at one node, the fleet is that one machine."
    elif prices.big is not None and prices.big_monthly is not None:
        labels = [f"1 {TIMES} {prices.big.name}", fleet_label]
        values = [prices.big_monthly, prices.fleet_monthly]
        said = (
            f"one {prices.big.name} {usd(prices.big_monthly)} a month; {n:,} {NODE.name} "
            f"{usd(prices.fleet_monthly)} a month."
        )
    else:
        labels = [fleet_label]
        values = [prices.fleet_monthly]
        said = (
            f"no single m5 machine is big enough; {n:,} {NODE.name} cost "
            f"{usd(prices.fleet_monthly)} a month."
        )
    title = "Monthly price: one big machine or N small ones"
    alt = f"On-demand list prices, us-east-1: {said}"
    svg = bars_svg(title, [("USD a month", values)], labels, value_format=usd)
    return Figure("price", title, svg, alt)
