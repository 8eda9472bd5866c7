"""Parameters -> tail model -> four outputs and slow requests against fan-out."""

from __future__ import annotations

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart
from live_widgets.core.format import compact, counted
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.call_chain.text import hours_text, minutes_text, share_text
from widgets.tail_latency.model import (
    HOURS_PER_MONTH,
    MAX_FANOUT,
    MINUTES_PER_MONTH,
    Tail,
    fanout_curve,
    slow_request_pct,
)

TIMES = "\u00d7"
PAGE_FAST, PAGE_SLOW, TICKET = 14.4, 6.0, 1.0
"""Burn-rate thresholds from The Site Reliability Workbook, "Alerting on SLOs": page at
14.4 over an hour (2% of a 30-day budget) or 6 over six hours (5%), ticket at 1 over
three days (10%)."""


def tail_from(params: Params) -> Tail:
    return Tail(
        int(params["fanout"]),
        float(params["slow_pct"]),
        float(params["slo_pct"]),
        float(params["error_pct"]),
    )


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    t = tail_from(params)
    return View(outputs=outputs(t), figures=(fanout_figure(t),), summary=summary(t), notes=notes(t))


def pct_input(value: float) -> str:
    """A parameter percentage as typed: '1%', '0.5%', '99.9%' (tiny ones without exponents)."""
    if 0 < value < 0.0001:
        return "under 0.0001%"
    return f"{value:.6g}%"


def number(value: float) -> str:
    """A plain number: '5', '14.4', '0.5', '100,000', 'under 0.001'."""
    if 0 < value < 0.001:
        return "under 0.001"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def probability(p: float) -> str:
    """A probability in plain decimals: '0.01', '0.00001', 'under 0.000001' (no exponent)."""
    if p == 0 or p >= 0.001:
        return f"{p:.6g}"
    if p < 1e-6:
        return "under 0.000001"
    return f"{p:.10f}".rstrip("0")


def rate_text(value: float) -> str:
    """A burn rate: '5\u00d7', '14.4\u00d7', '0.5\u00d7', '100,000\u00d7'."""
    return number(value) + TIMES


def backends(n: int) -> str:
    return counted(n, "backend")


def exhaust_text(t: Tail) -> str:
    hours = t.hours_to_exhaust
    if hours is None:
        if t.error_pct == 0:
            return "never: with no errors the budget is not being spent"
        return "never, in practice: errors are too rare to spend the budget"
    text = hours_text(hours)
    if hours > HOURS_PER_MONTH:
        return f"{text}, longer than the 30-day window: the budget lasts the month"
    return text


def outputs(t: Tail) -> tuple[OutputValue, ...]:
    hours = t.hours_to_exhaust
    burn = t.burn_rate
    burn_words = (
        "0: no errors, nothing spent"
        if burn == 0
        else f"{rate_text(burn)} the rate that lasts exactly 30 days"
    )
    return (
        OutputValue(
            "slow_request_pct", t.slow_request_pct, f"{share_text(t.slow_fraction)} of requests"
        ),
        OutputValue(
            "error_budget_minutes", t.budget_minutes, f"{minutes_text(t.budget_minutes)} a month"
        ),
        OutputValue("burn_rate", burn, burn_words),
        OutputValue("hours_to_exhaust", "never" if hours is None else hours, exhaust_text(t)),
    )


def summary(t: Tail) -> str:
    head = (
        f"When a request waits for {backends(t.fanout)}, each slow on {pct_input(t.slow_pct)} "
        f"of calls, {share_text(t.slow_fraction)} of requests are slow"
    )
    budget = minutes_text(t.budget_minutes)
    hours = t.hours_to_exhaust
    if hours is None:
        errors = "no errors" if t.error_pct == 0 else "errors this rare"
        return (
            f"{head}; with {errors}, the {pct_input(t.slo_pct)} SLO's monthly budget of "
            f"{budget} is not being spent."
        )
    spend = (
        f"{head}; {pct_input(t.error_pct)} errors against a {pct_input(t.slo_pct)} SLO spend "
        f"its monthly budget of {budget} at {rate_text(t.burn_rate)} the sustainable rate"
    )
    if hours > HOURS_PER_MONTH:
        return f"{spend}, so it would last {hours_text(hours)}: longer than the month."
    return f"{spend}, so it is gone in {hours_text(hours)}."


def advice(burn: float) -> str:
    if burn >= PAGE_FAST:
        return "page someone now (at 14.4 or more an hour spends 2% of the month's budget)"
    if burn >= PAGE_SLOW:
        return "page if it lasts six hours (at 6 or more that spends 5% of the budget)"
    if burn >= TICKET:
        return "open a ticket if it lasts three days (at 1 or more that spends 10% of it)"
    return "no alert is needed, since below 1 the budget outlasts the month"


def notes(t: Tail) -> tuple[str, ...]:
    p = t.slow_pct / 100.0
    allowed = 1.0 - t.slo_pct / 100.0
    calls = "its one call is" if t.fanout == 1 else f"all {t.fanout:,} calls are"
    out = [
        f"Fan-out: a request is fast only if {calls}: "
        f"1 \u2212 (1 \u2212 {probability(p)})^{t.fanout:,} = {share_text(t.slow_fraction)} slow. "
        "The average call hardly changes; the tail decides.",
        f"Budget: the SLO lets {share_text(allowed)} of requests fail; over a 30-day month of "
        f"{MINUTES_PER_MONTH:,.0f} minutes that is {minutes_text(t.budget_minutes)} of full "
        "outage.",
    ]
    hours = t.hours_to_exhaust
    if hours is None:
        out.append(
            f"Burn: with an error rate of {pct_input(t.error_pct)} the burn rate is "
            f"{number(t.burn_rate)} and the budget never runs out; spend it on risky deploys "
            "and experiments."
        )
    else:
        out.append(
            f"Burn: {pct_input(t.error_pct)} errors / {share_text(allowed)} allowed = "
            f"{rate_text(t.burn_rate)}; {HOURS_PER_MONTH:.0f} hours / {number(t.burn_rate)} = "
            f"{hours_text(hours)} from a full budget. The SRE workbook's rule of thumb: "
            f"{advice(t.burn_rate)}."
        )
    out.append(
        "Model: backend calls are slow independently of each other, and the error rate holds "
        "steady. A slow shared dependency makes calls slow together, and real error rates "
        "come in bursts."
    )
    return tuple(out)


def fanout_figure(t: Tail) -> Figure:
    """Share of slow requests against fan-out (log scale), with a tenfold-better tail."""
    series = [
        Series(f"Each call slow {pct_input(t.slow_pct)}", fanout_curve(t.slow_pct), PALETTE[0])
    ]
    better = t.slow_pct / 10.0
    if t.slow_pct > 0:
        series.append(
            Series(f"Each call slow {pct_input(better)}", fanout_curve(better), PALETTE[2], "6 4")
        )
    chart = Chart(
        title="Share of slow requests against fan-out",
        x=Axis("Backends per request (log scale)", 1.0, float(MAX_FANOUT), "log", compact),
        y=Axis("Slow requests (%)", 0.0, 100.0, tick_format=lambda v: f"{v:g}%"),
        series=tuple(series),
        markers=(
            Marker(
                float(t.fanout),
                t.slow_request_pct,
                f"{share_text(t.slow_fraction)} at {t.fanout:,}",
                PALETTE[1],
            ),
        ),
    )
    at = (10, 100, 1000)
    shares = ", ".join(f"{share_text(slow_request_pct(n, t.slow_pct) / 100)} at {n:,}" for n in at)
    alt = (
        f"With each backend call slow {pct_input(t.slow_pct)} of the time, the share of slow "
        f"requests grows with fan-out: {shares}."
    )
    if t.slow_pct > 0:
        alt += (
            f" Ten times fewer slow calls ({pct_input(better)}) give "
            f"{share_text(slow_request_pct(100, better) / 100)} at 100."
        )
    alt += f" You are at {backends(t.fanout)}: {share_text(t.slow_fraction)} slow."
    return Figure("slow-by-fanout", chart.title, render_chart(chart), alt)
