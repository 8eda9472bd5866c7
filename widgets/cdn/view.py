"""Parameters -> CDN model -> four outputs and the origin-load chart."""

from __future__ import annotations

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart
from live_widgets.core.format import compact
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.cdn.model import Cdn, origin_curve
from widgets.cdn.text import ms, pct, rate, times


def cdn_from(params: Params) -> Cdn:
    return Cdn(
        rps=float(params["rps"]),
        edge_hit_pct=float(params["edge_hit_pct"]),
        shield=params["shield"] == "on",
        shield_hit_pct=float(params["shield_hit_pct"]),
        user_edge_rtt_ms=float(params["user_edge_rtt_ms"]),
        user_origin_rtt_ms=float(params["user_origin_rtt_ms"]),
        origin_ms=float(params["origin_ms"]),
    )


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    cdn = cdn_from(params)
    return View(
        outputs=outputs(cdn),
        figures=(origin_figure(cdn),),
        summary=summary(cdn),
        notes=notes(cdn),
    )


def _origin_text(cdn: Cdn) -> str:
    load = cdn.origin_rps
    if load <= 0:
        return "0 req/s: the caches answer everything"
    ratio = cdn.rps / load
    if ratio >= 2:
        return f"{rate(load)} ({times(ratio)} fewer than with no CDN)"
    return f"{rate(load)} ({load / cdn.rps:.0%} of all requests)"


def outputs(cdn: Cdn) -> tuple[OutputValue, ...]:
    return (
        OutputValue("origin_rps", cdn.origin_rps, _origin_text(cdn)),
        OutputValue("ttfb_direct_ms", cdn.ttfb_direct_ms, ms(cdn.ttfb_direct_ms)),
        OutputValue("ttfb_cdn_hit_ms", cdn.ttfb_cdn_hit_ms, ms(cdn.ttfb_cdn_hit_ms)),
        OutputValue("ttfb_cdn_miss_ms", cdn.ttfb_cdn_miss_ms, ms(cdn.ttfb_cdn_miss_ms)),
    )


def summary(cdn: Cdn) -> str:
    caches = f"edges answering {pct(cdn.edge_hit_pct)}"
    if cdn.shield:
        caches += f" and a shield answering {pct(cdn.shield_hit_pct)} of their misses"
    return (
        f"With {caches}, the origin sees {rate(cdn.origin_rps)} of {rate(cdn.rps)}, and a new "
        f"connection gets its first byte in {ms(cdn.ttfb_cdn_hit_ms)} on an edge hit instead "
        f"of {ms(cdn.ttfb_direct_ms)} straight from the origin."
    )


def notes(cdn: Cdn) -> tuple[str, ...]:
    out: list[str] = []
    if cdn.shield:
        out.append(
            f"The edges pass {rate(cdn.edge_miss_rps)} to the shield, which sends "
            f"{rate(cdn.origin_rps)} on to the origin; without the shield the origin would "
            f"see {rate(cdn.origin_rps_other)}. A shield hit reaches the first byte in "
            f"{ms(cdn.ttfb_shield_hit_ms)} (3 \u00d7 edge + one round trip to the shield)."
        )
    else:
        out.append(
            f"All {rate(cdn.edge_miss_rps)} of edge misses reach the origin; a shield "
            f"answering {pct(cdn.shield_hit_pct)} of them would leave "
            f"{rate(cdn.origin_rps_other)}."
        )
    gain = cdn.ttfb_direct_ms - cdn.ttfb_cdn_miss_ms
    if gain > 0:
        miss = (
            f"Even a miss beats going direct by {ms(gain)}, because the handshakes end at the "
            "edge and the edge reuses a warm connection to the origin."
        )
    elif gain == 0:
        miss = "A miss takes as long as going direct: the edge's head start pays for its extra hop."
    else:
        miss = (
            f"A miss takes {ms(-gain)} longer than going direct: the edge is too far from "
            "this user to make up for the extra hop."
        )
    out.append(
        f"Averaged over requests at these hit rates, a new connection's first byte takes "
        f"{ms(cdn.mean_ttfb_ms)}. {miss}"
    )
    if cdn.user_edge_rtt_ms >= cdn.user_origin_rtt_ms:
        out.append(
            "The edge is no nearer to this user than the origin, so the CDN cannot shorten "
            "the first byte here; it still takes load off the origin."
        )
    out.append(
        "Model: a new HTTPS connection needs 3 round trips before the first byte (TCP "
        "handshake, TLS 1.3 handshake, the request; HTTP/3 over QUIC merges the two handshakes "
        "and saves one); a miss adds one edge-to-origin round "
        "trip, taken as the user-to-origin round trip, plus the origin's time. DNS, "
        "bandwidth and already-open connections are left out."
    )
    return tuple(out)


def origin_figure(cdn: Cdn) -> Figure:
    """Origin requests a second against the edge hit rate, with and without the shield."""
    without = origin_curve(cdn.rps, False, cdn.shield_hit_pct)
    with_shield = origin_curve(cdn.rps, True, cdn.shield_hit_pct)
    colour = PALETTE[1] if cdn.shield else PALETTE[0]
    marker = Marker(
        cdn.edge_hit_pct,
        cdn.origin_rps,
        f"{rate(cdn.origin_rps)} at {pct(cdn.edge_hit_pct)}",
        colour,
    )
    chart = Chart(
        title="Requests reaching the origin",
        x=Axis("Edge hit rate", 0.0, 100.0, tick_format=lambda v: f"{v:.0f}%"),
        y=Axis("Origin requests a second", 0.0, cdn.rps * 1.15, tick_format=compact),
        series=(
            Series("Without shield", without, PALETTE[0]),
            Series(f"With shield ({pct(cdn.shield_hit_pct)} hits)", with_shield, PALETTE[1], "6 4"),
        ),
        markers=(marker,),
    )
    alt = (
        f"Origin requests fall in a straight line from {rate(cdn.rps)} at a 0% edge hit rate "
        f"to none at 100%: {rate(cdn.rps / 10)} at 90%, {rate(cdn.rps / 100)} at 99%. A shield "
        f"answering {pct(cdn.shield_hit_pct)} of edge misses cuts every point by that share. You are at {pct(cdn.edge_hit_pct)} edge "
        f"hits {'with' if cdn.shield else 'without'} the shield: {rate(cdn.origin_rps)} reach "
        "the origin."
    )
    return Figure("origin-load", chart.title, render_chart(chart), alt)
