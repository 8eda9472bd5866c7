"""Parameters -> sessions model -> three outputs and the rebalancing chart."""

from __future__ import annotations

from live_widgets.core.chart import PALETTE, Axis, Chart, Marker, Series, render_chart
from live_widgets.core.format import compact
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.sessions.model import BALANCE_TOLERANCE, Fleet, Store, curves
from widgets.sessions.text import count, minutes, servers, sessions, share, users

CHART_SPAN = 1.25
"""The chart runs this many times the sticky balancing time."""


def fleet_from(params: Params) -> Fleet:
    store: Store = "shared_store" if params["store"] == "shared_store" else "in_memory_sticky"
    return Fleet(
        servers=int(params["servers"]),
        active_users=float(params["active_users"]),
        session_minutes=float(params["session_minutes"]),
        added_servers=int(params["added_servers"]),
        store=store,
    )


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    fleet = fleet_from(params)
    return View(
        outputs=outputs(fleet),
        figures=(balance_figure(fleet),),
        summary=summary(fleet),
        notes=notes(fleet),
    )


def outputs(fleet: Fleet) -> tuple[OutputValue, ...]:
    if fleet.sticky:
        failure = fleet.users_logged_out_per_failure
        failure_text = f"{users(failure)} ({share(1 / fleet.servers)} of those signed in)"
        deploy_text = f"{users(fleet.users_logged_out_per_deploy)}: everyone signed in"
        balance_text = minutes(fleet.minutes_to_balance)
    else:
        failure_text = "0 users: any server can read any session"
        deploy_text = "0 users: sessions outlive the servers"
        balance_text = "0 min: new servers take their share at once"
    return (
        OutputValue(
            "users_logged_out_per_failure", fleet.users_logged_out_per_failure, failure_text
        ),
        OutputValue("users_logged_out_per_deploy", fleet.users_logged_out_per_deploy, deploy_text),
        OutputValue("minutes_to_balance", fleet.minutes_to_balance, balance_text),
    )


def _scale_out(fleet: Fleet) -> str:
    return f"adding {servers(fleet.added_servers)} to {fleet.servers:,}"


def summary(fleet: Fleet) -> str:
    if not fleet.sticky:
        return (
            "With sessions in a shared store no server holds anyone's login: a crash or a "
            f"deploy logs nobody out, and after {_scale_out(fleet)} all "
            f"{fleet.servers + fleet.added_servers:,} share the requests evenly at once."
        )
    return (
        f"With sessions in each server's memory, a crash logs out {users(fleet.per_server)} "
        f"and a full deploy all {count(fleet.active_users)}; after {_scale_out(fleet)}, the "
        f"old servers carry over 10% more than the new ones for about "
        f"{minutes(fleet.minutes_to_balance)}, "
        "because sticky users leave only as their sessions end."
    )


def _each_old(servers: int) -> str:
    """The start of the rebalancing sentence: 'Each of the 4 old servers starts' or, for
    one, 'The old server starts'."""
    return (
        "The old server starts" if servers == 1 else f"Each of the {servers:,} old servers starts"
    )


def notes(fleet: Fleet) -> tuple[str, ...]:
    out: list[str] = []
    t = fleet.session_minutes
    sticky_balance = fleet.sticky_balance_minutes
    if fleet.sticky:
        out.append(
            f"{_each_old(fleet.servers)} with {sessions(fleet.per_server)} and the new ones "
            f"with none; the fair share is {count(fleet.fair_share)}. A new server reaches half of it after "
            f"{minutes(fleet.minutes_to_fill(0.5))} (T ln 2) and 90% after "
            f"{minutes(fleet.minutes_to_fill(0.9))} (T ln 10)."
        )
    else:
        out.append(
            f"With sticky sessions instead, the same scale-out would take "
            f"{minutes(sticky_balance)} to balance, and a crash would log out "
            f"{users(fleet.per_server)}."
        )
    out.append(
        f"Closed form: minutes to balance = T ln(1 + (1 + M/N) / {BALANCE_TOLERANCE:g}) = "
        f"{minutes(t)} \u00d7 ln(11 + 10 \u00d7 {fleet.added_servers:,}/{fleet.servers:,}). It "
        "does not depend on how many users there are, and it is never below about 2.4 "
        "session lengths (T ln 11), however few servers you add."
    )
    out.append(
        "Model: sessions end at random (exponential lengths, mean T = session length), new "
        "logins arrive at the rate that keeps the number signed in steady, and the load "
        "balancer pins each new login to any server evenly (round robin). Least-connections "
        "balancing would favour the empty servers and balance sooner. Counts are averages. "
        "A deploy is counted as a full restart; a rolling deploy still ends each server's "
        "in-memory sessions as it restarts."
    )
    return tuple(out)


def balance_figure(fleet: Fleet) -> Figure:
    """Sessions per old and per new server over time after scaling out, balance marked."""
    sticky_balance = fleet.sticky_balance_minutes
    t_max = CHART_SPAN * sticky_balance
    in_hours = t_max > 180
    unit = 60.0 if in_hours else 1.0
    old, new = curves(fleet, t_max)
    old_pts = tuple((t / unit, v) for t, v in old)
    new_pts = tuple((t / unit, v) for t, v in new)
    fair = fleet.fair_share
    shared = ((0.0, fair), (t_max / unit, fair))
    if fleet.sticky:
        marker = Marker(
            sticky_balance / unit,
            fleet.old_at(sticky_balance),
            f"Balanced after {minutes(sticky_balance)}",
            PALETTE[0],
        )
    else:
        marker = Marker(0.0, fair, "Shared store: balanced at once", PALETTE[2])
    chart = Chart(
        title="Sessions per server after scaling out",
        x=Axis(f"{'Hours' if in_hours else 'Minutes'} after adding servers", 0.0, t_max / unit),
        y=Axis("Sessions per server", 0.0, fleet.per_server * 1.3, tick_format=compact),
        series=(
            Series("Old server (sticky)", old_pts, PALETTE[0]),
            Series("New server (sticky)", new_pts, PALETTE[1], "6 4"),
            Series("Any server (shared store)", shared, PALETTE[2], "2 3"),
        ),
        markers=(marker,),
    )
    where = (
        f"You use sticky sessions: balanced after {minutes(sticky_balance)}."
        if fleet.sticky
        else "You use a shared store: every server carries the fair share from the start."
    )
    alt = (
        f"With sticky sessions, an old server starts with {sessions(fleet.per_server)} "
        f"and falls towards the fair share of {count(fair)}, while a new "
        f"server starts empty and climbs towards it; they come within 10% of each other "
        f"after {minutes(sticky_balance)}. With a shared store every server carries "
        f"{count(fair)} from the start. {where}"
    )
    return Figure("sessions-after-scale-out", chart.title, render_chart(chart), alt)
