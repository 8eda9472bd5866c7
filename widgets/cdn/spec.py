"""The CDN widget's declaration: traffic, hit rates, shield, round trips; four outputs."""

from __future__ import annotations

from live_widgets.core import Choice, ChoiceParam, NumberParam, OutputSpec, WidgetSpec
from widgets.cdn.view import render

SPEC = WidgetSpec(
    name="cdn",
    title="What a CDN takes off the origin",
    summary=(
        "Edges near the users answer most requests and an origin shield answers most of the "
        "rest: see how many requests still reach the origin, and how soon a new connection "
        "gets its first byte with and without the CDN."
    ),
    params=(
        NumberParam(
            name="rps",
            label="Requests per second",
            default=5_000,
            minimum=1,
            maximum=10_000_000,
            unit="req/s",
            help="Requests for cacheable files from all users, a second.",
            scale="log",
        ),
        NumberParam(
            name="edge_hit_pct",
            label="Edge hit rate",
            default=90,
            minimum=0,
            maximum=100,
            unit="%",
            help="Share of requests the edge near the user answers from its cache.",
            step=0.1,
        ),
        ChoiceParam(
            name="shield",
            label="Origin shield",
            default="on",
            choices=(
                Choice("on", "On: edge misses go to one cache next to the origin"),
                Choice("off", "Off: edge misses go straight to the origin"),
            ),
            help="An extra cache layer that every edge asks before the origin.",
        ),
        NumberParam(
            name="shield_hit_pct",
            label="Shield hit rate",
            default=80,
            minimum=0,
            maximum=100,
            unit="%",
            help="Share of the edges' misses the shield answers (when it is on).",
            step=0.1,
        ),
        NumberParam(
            name="user_edge_rtt_ms",
            label="Round trip: user to edge",
            default=15,
            minimum=1,
            maximum=300,
            unit="ms",
            help="Network round trip between the user and the nearest edge.",
        ),
        NumberParam(
            name="user_origin_rtt_ms",
            label="Round trip: user to origin",
            default=150,
            minimum=1,
            maximum=400,
            unit="ms",
            help="Network round trip between the user and the origin's region.",
        ),
        NumberParam(
            name="origin_ms",
            label="Origin response time",
            default=20,
            minimum=0,
            maximum=5_000,
            unit="ms",
            help="Time the origin takes to produce the file once the request arrives.",
        ),
    ),
    outputs=(
        OutputSpec("origin_rps", "Origin load", "Requests a second that reach the origin."),
        OutputSpec(
            "ttfb_direct_ms", "First byte, no CDN", "New connection straight to the origin."
        ),
        OutputSpec("ttfb_cdn_hit_ms", "First byte, CDN hit", "New connection, file at the edge."),
        OutputSpec(
            "ttfb_cdn_miss_ms",
            "First byte, CDN miss",
            "New connection, the edge fetches the file from the origin.",
        ),
    ),
    view=render,
    model_modules=("widgets.cdn.model",),
)
