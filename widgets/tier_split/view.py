"""Parameters -> the two set-ups -> five outputs and both response-time curves."""

from __future__ import annotations

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart
from live_widgets.core.format import compact
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.capacity.model import Box, response_curve
from widgets.capacity.text import milliseconds, rate, share
from widgets.tier_split.model import Tiers, split_curve

BOX_NAMES = {"web": "web box", "database": "database box"}


def tiers_from(params: Params) -> Tiers:
    return Tiers(
        arrival_rps=float(params["arrival_rps"]),
        web_ms=float(params["web_ms"]),
        db_ms=float(params["db_ms"]),
        cores=int(params["cores"]),
        network_ms=float(params["network_ms"]),
    )


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    tiers = tiers_from(params)
    return View(
        outputs=outputs(tiers),
        figures=(curves_figure(tiers),),
        summary=summary(tiers),
        notes=notes(tiers),
    )


def _response(value: float | None) -> tuple[float | str, str]:
    if value is None:
        return "unbounded", "grows without bound: overloaded"
    return value, milliseconds(value)


def outputs(t: Tiers) -> tuple[OutputValue, ...]:
    one_value, one_text = _response(t.one_box_response_ms)
    split_value, split_text = _response(t.split_response_ms)
    if t.web_ms == t.db_ms:
        bottleneck_text = "both boxes at once (equal CPU per request)"
    else:
        bottleneck_text = f"the {BOX_NAMES[t.bottleneck]}"
    return (
        OutputValue("one_box_max_rps", t.one_box_max_rps, rate(t.one_box_max_rps)),
        OutputValue("split_max_rps", t.split_max_rps, rate(t.split_max_rps)),
        OutputValue("one_box_response_ms", one_value, one_text),
        OutputValue("split_response_ms", split_value, split_text),
        OutputValue("bottleneck", t.bottleneck, bottleneck_text),
    )


def _busy(box: Box) -> str:
    return f"{share(box.utilisation)} busy"


def summary(t: Tiers) -> str:
    one, split = t.one_box_response_ms, t.split_response_ms
    start = f"At {rate(t.arrival_rps)}"
    if one is not None and split is not None:
        if t.web_ms == t.db_ms:
            busiest = f"each box is {_busy(t.web_box)}"
        else:
            box = t.db_box if t.bottleneck == "database" else t.web_box
            busiest = f"the busier {BOX_NAMES[t.bottleneck]} is {_busy(box)}"
        return (
            f"{start}, one box is {_busy(t.one_box)} and answers in {milliseconds(one)} on "
            f"average; split, {busiest} and a request takes {milliseconds(split)}, network "
            "included."
        )
    if split is not None:
        return (
            f"{start} one box cannot keep up (it finishes at most {rate(t.one_box_max_rps)}), "
            f"while the split set-up answers in {milliseconds(split)} on average."
        )
    return (
        f"{start} even the split set-up is overloaded: the {BOX_NAMES[t.bottleneck]} finishes "
        f"at most {rate(t.split_max_rps)}, so its queue grows without bound."
    )


def notes(t: Tiers) -> tuple[str, ...]:
    out: list[str] = []
    web, db = t.web_box, t.db_box
    out.append(
        f"Split: the web box is {_busy(web)}, the database box {_busy(db)}. Each is sized on "
        "its own from now on."
    )
    doubled = Box(t.arrival_rps, t.web_ms + t.db_ms, 2 * t.cores)
    both = doubled.mean_response_ms
    speed = "be overloaded too" if both is None else f"answer in {milliseconds(both)}"
    out.append(
        f"For comparison, one box with all {2 * t.cores:,} cores of the two would carry "
        f"{rate(doubled.max_rps)} and {speed}: one shared queue uses cores better than two. "
        "The split is for isolation and independent sizing, not raw capacity."
    )
    if t.network_ms > 0:
        out.append(
            f"The model adds one network round trip ({milliseconds(t.network_ms)}) per request; "
            "a page that runs many queries pays it once per query."
        )
    out.append(
        "Model: each box is an M/M/c queue (random arrivals, random CPU times, one queue for "
        "its cores), as in the capacity widget; split, a request "
        "queues at the web box and then at the database box."
    )
    return tuple(out)


def curves_figure(t: Tiers) -> Figure:
    """Mean response time against arrival rate for one box and for the split set-up."""
    one, split = t.one_box_response_ms, t.split_response_ms
    base = t.web_ms + t.db_ms + t.network_ms
    current = [v for v in (one, split) if v is not None]
    top = max([8.0 * base, *(1.25 * v for v in current)])
    one_curve = response_curve(t.web_ms + t.db_ms, t.cores, top)
    two_curve = split_curve(t.web_ms, t.db_ms, t.cores, t.network_ms, top)
    x_max = max(t.split_max_rps, t.arrival_rps) * 1.05
    # One label for both points: they share an x and would print over each other.
    markers = []
    if one is not None and split is not None:
        label = f"One box {milliseconds(one)}, split {milliseconds(split)}"
        markers.append(Marker(t.arrival_rps, one, label, PALETTE[0]))
        markers.append(Marker(t.arrival_rps, split, "", PALETTE[1]))
    elif split is not None:
        markers.append(Marker(t.arrival_rps, split, f"Split: {milliseconds(split)}", PALETTE[1]))
    chart = Chart(
        title="Mean response time: one box against two",
        x=Axis("Arrival rate (requests a second)", 0.0, x_max),
        y=Axis("Mean response time (ms)", 0.0, top, tick_format=compact),
        series=(
            Series("One box (web + database)", one_curve, PALETTE[0]),
            Series("Web box + database box", two_curve, PALETTE[1], "6 4"),
        ),
        markers=tuple(markers),
    )
    states = []
    for name, value in (("one box", one), ("the split set-up", split)):
        states.append(
            f"{name} {milliseconds(value)}" if value is not None else f"{name} is overloaded"
        )
    saturates = (
        "both boxes saturate" if t.web_ms == t.db_ms else f"the {BOX_NAMES[t.bottleneck]} saturates"
    )
    alt = (
        f"Both curves climb steeply near their capacity: one box at {rate(t.one_box_max_rps)}, "
        f"the split set-up at {rate(t.split_max_rps)}, where {saturates}. "
        f"At {rate(t.arrival_rps)}: {'; '.join(states)}."
    )
    return Figure("one-box-vs-split", chart.title, render_chart(chart), alt)
