"""Declaration of the cost-ladder widget: its inputs, its outputs and how it is drawn."""

from __future__ import annotations

from live_widgets.core.params import NumberParam
from live_widgets.core.spec import OutputSpec, WidgetSpec
from widgets.cost_ladder.view import render

SPEC = WidgetSpec(
    name="cost-ladder",
    title="The cost ladder",
    summary=(
        "Slide daily active users from 100 to a billion and see which architecture stage the "
        "numbers force, which limit forced each step, and what it costs a month on AWS."
    ),
    params=(
        NumberParam(
            name="dau",
            label="Daily active users",
            default=100_000,
            minimum=100,
            maximum=1_000_000_000,
            integer=True,
            unit="users",
            help="People who use the product on a typical day.",
            scale="log",
        ),
        NumberParam(
            name="requests_per_user",
            label="Requests per user a day",
            default=50,
            minimum=1,
            maximum=10_000,
            integer=True,
            unit="requests",
            help="Dynamic requests (pages, API calls) each active user makes a day.",
            scale="log",
        ),
        NumberParam(
            name="peak_factor",
            label="Peak factor",
            default=3,
            minimum=1,
            maximum=20,
            unit="x average",
            help="Busiest-hour traffic divided by the daily average; servers are sized for it.",
            step=0.1,
        ),
        NumberParam(
            name="read_ratio",
            label="Read ratio",
            default=0.9,
            minimum=0,
            maximum=1,
            help="Share of requests that only read (0.9 means 9 reads to 1 write).",
            step=0.01,
        ),
        NumberParam(
            name="static_mb_per_user",
            label="Static assets per user a day",
            default=2,
            minimum=0,
            maximum=1_000,
            unit="MB",
            help="Scripts, stylesheets, images and video each active user downloads a day.",
        ),
    ),
    outputs=(
        OutputSpec("stage", "Stage", "The architecture stage the limits force (an id)."),
        OutputSpec("monthly_cost", "Monthly cost", "USD a month at AWS on-demand list prices."),
        OutputSpec("cost_per_user", "Cost per user", "USD per daily active user a month."),
        OutputSpec("peak_rps", "Peak requests/s", "Requests per second in the busiest hour."),
        OutputSpec("app_servers", "App servers", "m5.large app servers (1: the single box)."),
        OutputSpec("db_replicas", "Read replicas", "Database read replicas (db.m5.large)."),
        OutputSpec("cache_nodes", "Cache nodes", "cache.m5.large nodes, replicas included."),
        OutputSpec("shards", "Shards", "Database shards (1: all data on one primary)."),
        OutputSpec("regions", "Regions", "AWS regions serving traffic."),
    ),
    view=render,
    model_modules=(
        "widgets.cost_ladder.model",
        "widgets.cost_ladder.traffic",
        "widgets.cost_ladder.stages",
        "widgets.cost_ladder.costs",
        "widgets.cost_ladder.assumptions",
        "widgets.cost_ladder.prices",
        "widgets.cost_ladder.users",
    ),
)
