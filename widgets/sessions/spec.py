"""The sessions widget's declaration: servers, users, session length, the store; three outputs."""

from __future__ import annotations

from live_widgets.core import Choice, ChoiceParam, NumberParam, OutputSpec, WidgetSpec
from widgets.sessions.view import render

SPEC = WidgetSpec(
    name="sessions",
    title="Where sessions live",
    summary=(
        "Keep login sessions in each server's memory with sticky sessions, or in a shared "
        "store: see how many users a crash or a deploy logs out, and how long servers added "
        "during a spike take to carry their share."
    ),
    params=(
        NumberParam(
            name="servers",
            label="App servers",
            default=4,
            minimum=1,
            maximum=100,
            integer=True,
            unit="servers",
            help="App servers behind the load balancer before scaling out (N).",
        ),
        NumberParam(
            name="active_users",
            label="Users signed in",
            default=10_000,
            minimum=10,
            maximum=10_000_000,
            integer=True,
            unit="users",
            help="Users with a live session at once, spread evenly over the servers (U).",
            scale="log",
        ),
        NumberParam(
            name="session_minutes",
            label="Mean session length",
            default=30,
            minimum=1,
            maximum=1_440,
            unit="min",
            help="How long a session lasts on average before the user leaves or it expires (T).",
            scale="log",
        ),
        NumberParam(
            name="added_servers",
            label="Servers added",
            default=4,
            minimum=1,
            maximum=100,
            integer=True,
            unit="servers",
            help="Servers added at once during a spike (M); they start with no sessions.",
        ),
        ChoiceParam(
            name="store",
            label="Where sessions live",
            default="in_memory_sticky",
            choices=(
                Choice("in_memory_sticky", "In each server's memory, with sticky sessions"),
                Choice("shared_store", "In a shared store (Redis)"),
            ),
            help="Sticky sessions pin each user to the server that holds their session.",
        ),
    ),
    outputs=(
        OutputSpec(
            "users_logged_out_per_failure",
            "Logged out by one crash",
            "Users whose session dies with one server.",
        ),
        OutputSpec(
            "users_logged_out_per_deploy",
            "Logged out by a deploy",
            "Users logged out when every server restarts.",
        ),
        OutputSpec(
            "minutes_to_balance",
            "Time to balance after scaling out",
            "Until the old servers carry within 10% of the new ones.",
        ),
    ),
    view=render,
    model_modules=("widgets.sessions.model",),
)
