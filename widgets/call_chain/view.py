"""Parameters -> chain model -> three outputs and availability against chain depth."""

from __future__ import annotations

import math

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart
from live_widgets.core.format import first_upper
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.call_chain.model import MAX_DEPTH, MINUTES_PER_MONTH, Chain, availability_curve
from widgets.call_chain.text import availability_text, count_text, minutes_text, odds_text

TIMES = "\u00d7"
HEADROOM = 0.3
"""Room above 100% on the chart, as a share of the axis, for the legend of two series."""


def chain_from(params: Params) -> Chain:
    return Chain(int(params["depth"]), float(params["availability_pct"]), int(params["retries"]))


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    chain = chain_from(params)
    return View(
        outputs=outputs(chain),
        figures=(depth_figure(chain),),
        summary=summary(chain),
        notes=notes(chain),
    )


def services(depth: int) -> str:
    return "one service" if depth == 1 else f"{depth} services in a row"


def retries_text(retries: int) -> str:
    if retries == 0:
        return "no retries"
    return "1 retry per hop" if retries == 1 else f"{retries} retries per hop"


def percent_input(value: float) -> str:
    """A parameter percentage as typed: '99.9%', '99.95%', '90%'."""
    return f"{value:.6g}%"


def about(minutes: float) -> str:
    """'about 216 minutes', or 'under a millisecond' (no 'about' before 'under')."""
    text = minutes_text(minutes)
    return text if text.startswith("under") else "about " + text


def outputs(chain: Chain) -> tuple[OutputValue, ...]:
    calls = chain.amplification
    per = "call" if calls == 1 else "calls"
    return (
        OutputValue(
            "chain_availability_pct",
            chain.availability_pct_chain,
            availability_text(chain.unavailability),
        ),
        OutputValue(
            "downtime_minutes_per_month",
            chain.downtime_minutes,
            f"{minutes_text(chain.downtime_minutes)} a month",
        ),
        OutputValue(
            "worst_case_amplification",
            calls,
            f"{count_text(calls)} {per} at the deepest service",
        ),
    )


def summary(chain: Chain) -> str:
    each = percent_input(chain.availability_pct)
    head = (
        f"A request through {services(chain.depth)}, each answering {each} of "
        f"attempts, with {retries_text(chain.retries)}, succeeds "
        f"{availability_text(chain.unavailability)} of the time: {about(chain.downtime_minutes)} "
        "of failure in a 30-day month"
    )
    if chain.depth == 1 and chain.retries == 0:
        return head + ", the same as the service on its own."
    if chain.retries == 0:
        return (
            f"{head}, against {minutes_text(chain.one_service_downtime_minutes)} for one "
            "service alone."
        )
    return (
        f"{head}; but if every hop fails, one request becomes "
        f"{count_text(chain.amplification)} calls at the deepest service."
    )


def notes(chain: Chain) -> tuple[str, ...]:
    a = chain.availability_pct / 100.0
    out: list[str] = []
    if chain.retries == 0:
        out.append(
            f"Every hop must answer: {a:.6g}^{chain.depth} = "
            f"{availability_text(chain.unavailability)}. Each service on its own fails "
            f"{minutes_text(chain.one_service_downtime_minutes)} a month; in a chain their "
            "failures add up (almost exactly, while they are rare)."
        )
    else:
        attempts = chain.retries + 1
        out.append(
            f"A hop fails only if all {attempts} attempts fail: (1 \u2212 {a:.6g})^{attempts} = "
            f"{odds_text(chain.hop_unavailability)}, so each hop answers "
            f"{availability_text(chain.hop_unavailability)} and the chain "
            f"{availability_text(chain.unavailability)}. Without retries it would be "
            f"{availability_text(chain.without_retries.unavailability)}."
        )
        out.append(
            f"The price: when a service is really down, every attempt fails. Each of the "
            f"{attempts} attempts at the first hop makes {attempts} at the next, so one "
            f"request sends {attempts}^{chain.depth} = {count_text(chain.amplification)} "
            "calls to the deepest service, just when it can least take them. Retry at one "
            "layer only, with backoff and a retry budget, and only idempotent calls."
        )
    out.append(
        f"Downtime: (1 \u2212 chain availability) {TIMES} "
        f"{MINUTES_PER_MONTH:,.0f} minutes in a 30-day month = "
        f"{minutes_text(chain.downtime_minutes)}."
    )
    out.append(
        "Model: attempts fail independently, as brief network errors and single sick "
        "instances do. An outage of a whole service fails every attempt alike, so retries "
        "add load and no availability: read the figures with retries as the best case."
    )
    return tuple(out)


def percent_tick(value: float) -> str:
    """An availability tick; none above 100% (that space is only room for the legend)."""
    return f"{value:.7g}%" if value <= 100.0 + 1e-9 else ""


def _axis_floor(lowest: float) -> float:
    """A round lower bound for the availability axis, a little below `lowest` (%)."""
    span = max(100.0 - lowest, 1e-9) * 1.05
    step = 10 ** math.floor(math.log10(span))
    for m in (1, 2, 5, 10):
        if m * step >= span:
            return max(0.0, 100.0 - m * step)
    return 0.0  # pragma: no cover - m = 10 always covers the span


def depth_figure(chain: Chain) -> Figure:
    """Chain availability against depth 1-20, without retries and with the current ones."""
    plain = availability_curve(chain.availability_pct, 0)
    floor = _axis_floor(min(y for _, y in plain))
    series = [Series("No retries", plain, PALETTE[0])]
    if chain.retries:
        with_retries = availability_curve(chain.availability_pct, chain.retries)
        series.append(
            Series(first_upper(retries_text(chain.retries)), with_retries, PALETTE[2], "6 4")
        )
    here = availability_text(chain.unavailability)
    chart = Chart(
        title="Chain availability against the number of services in a row",
        x=Axis("Services in the chain (depth)", 1.0, float(MAX_DEPTH)),
        y=Axis(
            "Chain availability (%)",
            floor,
            100.0 + (HEADROOM * (100.0 - floor) if chain.retries else 0.0),
            tick_format=percent_tick,
        ),
        series=tuple(series),
        markers=(
            Marker(
                float(chain.depth),
                chain.availability_pct_chain,
                f"{here} at depth {chain.depth}",
                PALETTE[1],
            ),
        ),
    )
    deepest = Chain(MAX_DEPTH, chain.availability_pct, 0)
    alt = (
        f"With each service at {percent_input(chain.availability_pct)} and no retries, chain "
        f"availability falls from {percent_input(chain.availability_pct)} for one service to "
        f"{availability_text(deepest.unavailability)} for {MAX_DEPTH} in a row."
    )
    if chain.retries:
        retried = Chain(MAX_DEPTH, chain.availability_pct, chain.retries)
        alt += (
            f" With {retries_text(chain.retries)}, even {MAX_DEPTH} services in a row reach "
            f"{availability_text(retried.unavailability)}."
        )
    alt += f" You are at depth {chain.depth}: {here}."
    return Figure("availability-by-depth", chart.title, render_chart(chart), alt)
