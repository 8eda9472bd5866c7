"""Widget parameters -> model -> View: outputs, the ladder chart, the bill and the reasons."""

from __future__ import annotations

import math
from html import escape

from live_widgets.core.chart import (
    LAYOUTS,
    PALETTE,
    Axis,
    Band,
    Chart,
    Layout,
    Marker,
    Series,
    render_chart,
    sample_log,
    svg_open,
)
from live_widgets.core.format import compact, counted, percent, plain_number, usd
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.cost_ladder.model import (
    REFERENCE_LADDER,
    Estimate,
    StageSpan,
    cost_curve,
    estimate,
    reference_cost_at,
    stage_spans,
)
from widgets.cost_ladder.prices import PriceBook, load_price_book
from widgets.cost_ladder.stages import STAGES, stage_index
from widgets.cost_ladder.traffic import Workload
from widgets.cost_ladder.users import UsageShape, average_online, peak_online

DAU_MIN, DAU_MAX = 100.0, 1_000_000_000.0
CURVE_POINTS = 49
AWS_REGION_COUNT = 36
"""Roughly how many public AWS regions exist; beyond this the model is past its range."""


def workload_from(params: Params) -> Workload:
    """The validated widget parameters as a model workload."""
    return Workload(
        dau=float(params["dau"]),
        requests_per_user=float(params["requests_per_user"]),
        peak_factor=float(params["peak_factor"]),
        read_ratio=float(params["read_ratio"]),
        static_mb_per_user=float(params["static_mb_per_user"]),
    )


def render(params: Params) -> View:
    """The whole widget for one set of (already validated) parameters."""
    prices = load_price_book()
    workload = workload_from(params)
    result = estimate(workload, prices)
    spans = stage_spans(workload, DAU_MIN, DAU_MAX)
    return View(
        outputs=_outputs(result),
        figures=(_ladder_figure(result, spans, prices), _bill_figure(result)),
        summary=_summary(result),
        notes=_notes(result, spans, prices),
    )


def per_user_text(value: float) -> str:
    """USD per user for people: $0.022, $0.42, $3.10."""
    return f"${value:,.2f}" if value >= 1 else "$" + compact(value)


def _count(value: int) -> str:
    return f"{value:,}"


def _outputs(result: Estimate) -> tuple[OutputValue, ...]:
    fleet, stage, peak = result.fleet, result.stage, result.traffic.peak_rps
    servers = _count(fleet.app_servers)
    if fleet.single_box:
        servers = "1 (one box runs everything)"
    return (
        OutputValue("stage", stage.id, f"{stage.number} of {len(STAGES)}: {stage.title}"),
        OutputValue("monthly_cost", result.monthly_cost, f"{usd(result.monthly_cost)} a month"),
        OutputValue(
            "cost_per_user",
            result.cost_per_user,
            f"{per_user_text(result.cost_per_user)} per user a month",
        ),
        OutputValue("peak_rps", peak, f"{compact(peak)} req/s"),
        OutputValue("app_servers", fleet.app_servers, servers),
        OutputValue("db_replicas", fleet.db_replicas, _count(fleet.db_replicas)),
        OutputValue("cache_nodes", fleet.cache_nodes, _count(fleet.cache_nodes)),
        OutputValue("shards", fleet.shards, _count(fleet.shards)),
        OutputValue("regions", fleet.regions, _count(fleet.regions)),
    )


def _main_reason(result: Estimate) -> str:
    """The limits that forced the last step (the highest stage always has one)."""
    last = result.decision.steps[-1]
    return "; ".join(check.text for check in last.forced_by)


def _summary(result: Estimate) -> str:
    stage, dau = result.stage, compact(result.workload.dau)
    cost = (
        f"It costs about {usd(result.monthly_cost)} a month, "
        f"{per_user_text(result.cost_per_user)} per user."
    )
    if not result.decision.steps:
        return (
            f"At {dau} daily active users one server is still enough: no limit is crossed. {cost}"
        )
    return (
        f"At {dau} daily active users the limits put you at stage {stage.number} of "
        f"{len(STAGES)}, {stage.title}, because {_main_reason(result)}. {cost}"
    )


def _notes(result: Estimate, spans: tuple[StageSpan, ...], prices: PriceBook) -> tuple[str, ...]:
    decision, fleet = result.decision, result.fleet
    notes: list[str] = []
    if not decision.steps:
        notes.append(f"Stage 1, {decision.stage.title}: one box still carries the load.")
    for step in decision.steps:
        notes.append(f"Step to stage {step.stage.number}, {step.sentence()}")
    notes.append(_next_sentence(result, spans))
    notes.append(_online_sentence(result.workload))
    notes.append(_fleet_sentence(result))
    reference = reference_cost_at(result.workload.dau)
    if reference is not None:
        ratio = result.monthly_cost / reference
        notes.append(
            f"The widely quoted ladder, read between its rungs, suggests about {usd(reference)} "
            f"a month at this size; this model gives {usd(result.monthly_cost)} "
            f"({compact(ratio)} times that). The model prices only the serving infrastructure at "
            "list prices, sized for the peak."
        )
    if fleet.regions > AWS_REGION_COUNT:
        notes.append(
            f"This traffic needs {fleet.regions:,} regions, more than AWS has (about "
            f"{AWS_REGION_COUNT}): the model is past its range."
        )
    dates = sorted({entry.date for entry in prices.entries()})
    notes.append(
        f"Prices: {prices.provider} {prices.region} on-demand list prices, taken "
        f"{' to '.join((dates[0], dates[-1])) if len(dates) > 1 else dates[0]}; approximate, "
        "so re-check them. Capacity limits are stated rules of thumb; open the model to see "
        "each one and its source."
    )
    return tuple(notes)


def _next_sentence(result: Estimate, spans: tuple[StageSpan, ...]) -> str:
    """What breaks next: the next stage on the way up, where it starts and its limits now."""
    current = result.stage.number
    if current == len(STAGES):
        return "This is the top of the ladder: more traffic means more regions and shards."
    ahead = next((span for span in spans if span.stage.number > current), None)
    if ahead is None:
        return "No further step below a billion daily active users with these inputs."
    waiting = [
        check.text
        for check in result.decision.checks
        if current < stage_index(check.stage) + 1 <= ahead.stage.number
    ]
    online = peak_online(ahead.start, _usage(result.workload))
    return (
        f"Next: stage {ahead.stage.number}, {ahead.stage.title}, at about "
        f"{compact(ahead.start)} daily active users (about {compact(online)} online at once at "
        f"the peak) with these inputs. Not crossed yet: {'; '.join(waiting)}."
    )


def _usage(workload: Workload) -> UsageShape:
    """The book's 10 active minutes per user a day, with the reader's peak factor."""
    return UsageShape(peak_factor=workload.peak_factor)


def _online_sentence(workload: Workload) -> str:
    """Daily users turned into users online at once, with the book's one relation."""
    usage = _usage(workload)
    return (
        f"Users online at once: {compact(workload.dau)} daily active users, each active about "
        f"{usage.active_minutes_per_day:g} minutes a day, means about "
        f"{compact(average_online(workload.dau, usage))} online at an average moment and about "
        f"{compact(peak_online(workload.dau, usage))} in the busiest hour (peak factor "
        f"{plain_number(workload.peak_factor)}). "
        "The book's stage cards use the same relation."
    )


def _fleet_sentence(result: Estimate) -> str:
    """The parts the stage needs, counted."""
    fleet = result.fleet
    if fleet.single_box:
        return "Fleet: one t3.medium box running web server, app and database."
    units = counted(fleet.primary_units, "db.m5.large unit", "db.m5.large units")
    if fleet.shards == 1:
        primary = f"a primary of {units} with a standby of the same size"
    else:
        primary = f"{fleet.shards:,} shard primaries of {units} in all, each with a standby"
    parts = [counted(fleet.app_servers, "app server", "app servers") + " (m5.large)", primary]
    if fleet.db_replicas:
        parts.append(counted(fleet.db_replicas, "read replica", "read replicas"))
    if fleet.cache_nodes:
        parts.append(counted(fleet.cache_nodes, "cache node", "cache nodes") + " (half replicas)")
    if fleet.queue_workers:
        parts.append(counted(fleet.queue_workers, "queue worker", "queue workers"))
    parts.append(counted(fleet.load_balancers, "load balancer", "load balancers"))
    if fleet.regions > 1:
        parts.append(
            f"{fleet.regions:,} regions with +{percent(fleet.failover - 1, 0)} failover headroom "
            f"and services adding {percent(fleet.services - 1, 0)} to compute"
        )
    return "Fleet: " + ", ".join(parts) + "."


def _ladder_figure(result: Estimate, spans: tuple[StageSpan, ...], prices: PriceBook) -> Figure:
    """Monthly cost against DAU (log-log) with stage bands, the quoted ladder and you."""
    workload = result.workload
    # sample evenly on the log scale, plus both sides of every step so steps look like steps
    dau_values = set(sample_log(DAU_MIN, DAU_MAX, CURVE_POINTS))
    for span in spans[1:]:
        dau_values.update((max(DAU_MIN, span.start - 1), span.start))
    curve = cost_curve(workload, sorted(dau_values), prices)
    reference = tuple((float(p.dau), p.monthly_cost) for p in REFERENCE_LADDER)
    costs = [cost for _, cost in curve] + [cost for _, cost in reference]
    low = 10 ** math.floor(math.log10(min(costs)))
    high = 10 ** math.ceil(math.log10(max(costs)))
    bands = tuple(
        Band(span.start, span.end, span.stage.short, index % 2 == 0, str(span.stage.number))
        for index, span in enumerate(spans)
    )
    chart = Chart(
        title="Monthly cost as daily active users grow",
        x=Axis("Daily active users (log scale)", DAU_MIN, DAU_MAX, "log", compact),
        y=Axis("USD a month (log scale)", low, high, "log", usd),
        series=(
            Series("This model", curve, PALETTE[0]),
            Series("Widely quoted ladder", reference, PALETTE[2], "6 4"),
        ),
        markers=(
            Marker(
                workload.dau,
                result.monthly_cost,
                f"{usd(result.monthly_cost)} at {compact(workload.dau)}",
                PALETTE[1],
            ),
        ),
        bands=bands,
    )
    first, last = curve[0], curve[-1]
    # The bands are labelled by number where a name does not fit: the text names them.
    steps = ", ".join(
        f"stage {span.stage.number} ({span.stage.title}) from {compact(span.start)}"
        for span in spans
    )
    alt = (
        f"With these inputs the monthly cost rises from {usd(first[1])} at "
        f"{compact(first[0])} daily active users to {usd(last[1])} at {compact(last[0])}. "
        f"Stage bands: {steps}. The widely quoted ladder runs from $50 at 1k to "
        f"$5M at 100M. You are at {usd(result.monthly_cost)} a month with "
        f"{compact(workload.dau)} daily active users, stage {result.stage.number}."
    )
    return Figure(
        key="ladder",
        title="Cost ladder: monthly cost against daily active users",
        svg=render_chart(chart),
        alt=alt,
    )


def _bill_figure(result: Estimate) -> Figure:
    """Horizontal bars: this month's bill, line by line (drawn wide and narrow)."""
    total = result.monthly_cost
    rows = [(item.label, item.usd) for item in result.items]
    described = "; ".join(f"{label} {usd(value) if value > 0 else '$0'}" for label, value in rows)
    alt = f"This month's bill of {usd(total)}, line by line: {described}."
    title = "Monthly bill by line item"
    svg = "".join(_bill_svg(layout, rows, total, title) for layout in LAYOUTS)
    return Figure(key="bill", title=title, svg=svg, alt=alt)


def _bill_svg(layout: Layout, rows: list[tuple[str, float]], total: float, title: str) -> str:
    """Wide: label, bar, amount on one line. Narrow: label and amount, the bar below."""
    peak = max((value for _, value in rows), default=0.0) or 1.0

    def amount(value: float) -> str:
        share = percent(value / total, 0) if total > 0 else "0%"
        return f"{usd(value)} ({share})" if value > 0 else "$0"

    out: list[str] = []
    if not layout.narrow:
        width, left, right, row_height = layout.width, 120, 150, 26
        usable = width - left - right
        for index, (label, value) in enumerate(rows):
            y = 6 + index * row_height
            length = value / peak * usable
            out.append(
                f'<text class="w-tick" x="{left - 8}" y="{y + 17}" text-anchor="end">'
                f"{escape(label)}</text>"
                f'<rect class="w-bar" x="{left}" y="{y + 4}" width="{length:.1f}" '
                f'height="{row_height - 8}" fill="{PALETTE[0]}"/>'
                f'<text class="w-tick" x="{left + length + 6:.1f}" y="{y + 17}">'
                f"{escape(amount(value))}</text>"
            )
        height = row_height * len(rows) + 12
    else:
        width, font, bar, row_height = layout.width, layout.font_size, 10, 36
        for index, (label, value) in enumerate(rows):
            baseline = 4 + index * row_height + font
            out.append(
                f'<text class="w-tick" x="2" y="{baseline:.0f}">{escape(label)}</text>'
                f'<text class="w-tick" x="{width - 2}" y="{baseline:.0f}" text-anchor="end">'
                f"{escape(amount(value))}</text>"
                f'<rect class="w-bar" x="0" y="{baseline + 5:.0f}" width="{value / peak * width:.1f}" '
                f'height="{bar}" fill="{PALETTE[0]}"/>'
            )
        height = row_height * len(rows) + 4
    return svg_open(layout, height, title, classes="w-bars") + "".join(out) + "</svg>"
