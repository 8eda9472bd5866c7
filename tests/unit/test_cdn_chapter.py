"""The CDN chapter quotes the cdn widget: its numbers are the model's."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from widgets.cdn.model import HANDSHAKE_TRIPS, Cdn
from widgets.cdn.spec import SPEC

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "cdn.md"


@pytest.fixture(scope="module")
def text() -> str:
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def out(name: str, **params: object) -> str:
    """An output's text for people at the given settings."""
    return SPEC.run(params).output(name).text


def rps(**params: object) -> str:
    """origin_rps without the comparison in brackets: '100 req/s'."""
    return out("origin_rps", **params).split(" (")[0]


def test_block_places_the_widget_with_a_numeric_prediction() -> None:
    """The block predicts origin_rps, a number at the defaults."""
    raw = CHAPTER.read_text(encoding="utf-8")
    block = re.search(r"```widget\n(.*?)```", raw, re.S)
    assert block is not None
    lines = block.group(1).splitlines()
    assert lines[:3] == ["widget: cdn", "predict:", "  output: origin_rps"]
    assert lines[3].startswith('  question: "') and len(lines) == 4
    value = SPEC.run({}).output("origin_rps").value
    assert isinstance(value, float) and math.isfinite(value)


def test_walkthrough_quotes_the_defaults(text: str) -> None:
    """100 req/s at the origin, 50 times fewer; 470, 45 and 215 ms to the first byte."""
    assert f"Only {rps()} reach the origin, 50 times fewer than with no CDN" in text
    assert "(50\u00d7 fewer than with no CDN)" in out("origin_rps")
    assert (
        f"after {out('ttfb_direct_ms')} straight from the origin (three round trips of 150 ms, "
        f"plus 20 ms of work), after {out('ttfb_cdn_hit_ms')} on an edge hit, and after "
        f"{out('ttfb_cdn_miss_ms')} on a miss" in text
    )


def test_experiments_quote_the_widget(text: str) -> None:
    """Shield off: 500 req/s; 99% hits: 10 with the shield, 50 without; a 75 ms user."""
    assert f"**Switch the shield off.** {rps(shield='off')} reach the origin" in text
    assert (
        f"{rps(edge_hit_pct=99)} reach the origin with the shield, "
        f"{rps(edge_hit_pct=99, shield='off').removesuffix(' req/s')} without" in text
    )
    near = {"user_origin_rtt_ms": 75}
    assert (
        f"Direct: {out('ttfb_direct_ms', **near)}; edge hit: {out('ttfb_cdn_hit_ms', **near)}; "
        f"miss: {out('ttfb_cdn_miss_ms', **near)}" in text
    )


def test_cause_section_counts_three_round_trips(text: str) -> None:
    """The cause's arithmetic, 3 x 150 = 450 ms plus the server's time, is the model's direct
    time with no server time; the corrected distances carry their source."""
    assert SPEC.run({"origin_ms": 0}).output("ttfb_direct_ms").value == 450
    assert "3 x 150 = 450 ms plus the server's own time" in text
    assert "roughly 65-80 ms; across the Pacific, 100-200 ms" in text
    assert "https://wondernetwork.com/pings" in text
    assert "across a continent or an ocean costs about 100-200 ms" not in text


def test_check_yourself_answer_is_the_widgets(text: str) -> None:
    """75 ms to the origin, 10 ms to the edge, 30 ms of origin work: 255, 30 and 135 ms."""
    params = {"user_origin_rtt_ms": 75, "user_edge_rtt_ms": 10, "origin_ms": 30}
    direct, hit, miss = (
        out(n, **params) for n in ("ttfb_direct_ms", "ttfb_cdn_hit_ms", "ttfb_cdn_miss_ms")
    )
    assert f"Straight from the origin: 3 x 75 + 30 = {direct}" in text
    assert f"On an edge hit: 3 x 10 = {hit}" in text
    assert f"On a miss: 30 + 75 + 30 = {miss}" in text


def test_http3_saves_one_round_trip_where_it_is_spoken(text: str) -> None:
    """HTTP/3 (QUIC) merges the transport and TLS handshakes: two round trips instead of the
    model's three. At the edge that is the hit; only an HTTP/3 origin helps a direct one."""
    cdn = Cdn(**{p.name: p.default for p in SPEC.params if p.name != "shield"}, shield=True)
    quic = HANDSHAKE_TRIPS - 1
    hit = quic * cdn.user_edge_rtt_ms
    direct = quic * cdn.user_origin_rtt_ms + cdn.origin_ms
    assert f"turns a {cdn.ttfb_cdn_hit_ms:.0f} ms edge hit into {hit:.0f} ms" in text
    assert f"turn that connection's {cdn.ttfb_direct_ms:.0f} ms into {direct:.0f} ms" in text
