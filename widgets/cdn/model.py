"""Origin load behind a CDN, and the time to first byte of a new connection.

Origin load. Of `rps` requests a second, the edges answer the share h_e =
`edge_hit_pct`/100. With an origin shield, the edges' misses go to one cache layer
next to the origin, which answers the share h_s = `shield_hit_pct`/100 of them:

    origin_rps = rps (1 - h_e) (1 - h_s)    with the shield
               = rps (1 - h_e)              without it

Time to first byte of a NEW HTTPS connection, counted in round trips (RTT). Before the
first byte of the response arrives, the client needs one round trip for the TCP
handshake (RFC 9293, section 3.5: the three-way handshake), one for the TLS 1.3 full
handshake (RFC 8446, section 2: the client can send its request after one round
trip), and one for the request and its response. So 3 round trips plus the server's
time. With E = `user_edge_rtt_ms`, O = `user_origin_rtt_ms` and S = `origin_ms`:

    ttfb_direct_ms     3 O + S       no CDN: all three round trips cross the distance
    ttfb_cdn_hit_ms    3 E           the edge has the file: everything stays nearby
    ttfb_cdn_miss_ms   3 E + O + S   the edge must fetch the file from the origin

The miss assumes what CDNs do: the edge keeps warm, reused connections to the origin
(Akamai, "Persistent Connections: Edge to Origin", Property Manager documentation;
Amazon CloudFront keeps origin connections open between requests, see "Origin
keep-alive timeout" in the CloudFront Developer Guide), so a miss adds one round trip
from the edge to the origin and no new handshakes. Because the edge is near the user,
that round trip is taken to be about the user-to-origin one, O. With a shield, a miss
at both caches goes edge -> shield -> origin; the shield sits next to the origin
(Amazon CloudFront, "Using Amazon CloudFront Origin Shield"), so the model ignores that
short last hop and a full miss costs the same; a hit at the shield saves S.

Left out: DNS lookups, the time to send the body (bandwidth), TCP slow start, the
edge's own processing, and connections that are already open (a reused connection
pays only the request's round trip).
"""

from __future__ import annotations

from dataclasses import dataclass

HANDSHAKE_TRIPS = 3
"""Round trips before the first byte of a new HTTPS connection: TCP, TLS 1.3, request."""


def origin_rps(rps: float, edge_hit_pct: float, shield: bool, shield_hit_pct: float) -> float:
    """rps (1 - h_e) (1 - h_s if the shield is on)."""
    passed = rps * (100.0 - edge_hit_pct) / 100.0
    return passed * (100.0 - shield_hit_pct) / 100.0 if shield else passed


@dataclass(frozen=True)
class Cdn:
    """Traffic, cache hit rates and the round trips between user, edge and origin."""

    rps: float
    edge_hit_pct: float
    shield: bool
    shield_hit_pct: float
    user_edge_rtt_ms: float
    user_origin_rtt_ms: float
    origin_ms: float

    @property
    def origin_rps(self) -> float:
        return origin_rps(self.rps, self.edge_hit_pct, self.shield, self.shield_hit_pct)

    @property
    def edge_miss_rps(self) -> float:
        """Requests a second that the edges pass on (to the shield or the origin)."""
        return origin_rps(self.rps, self.edge_hit_pct, False, 0.0)

    @property
    def origin_rps_other(self) -> float:
        """Origin requests a second with the shield switched the other way."""
        return origin_rps(self.rps, self.edge_hit_pct, not self.shield, self.shield_hit_pct)

    @property
    def ttfb_direct_ms(self) -> float:
        """3 O + S: every round trip crosses the distance to the origin."""
        return HANDSHAKE_TRIPS * self.user_origin_rtt_ms + self.origin_ms

    @property
    def ttfb_cdn_hit_ms(self) -> float:
        """3 E: handshakes and request all end at the nearby edge."""
        return HANDSHAKE_TRIPS * self.user_edge_rtt_ms

    @property
    def ttfb_cdn_miss_ms(self) -> float:
        """3 E + O + S: the edge fetches over a warm connection, one round trip away."""
        return self.ttfb_cdn_hit_ms + self.user_origin_rtt_ms + self.origin_ms

    @property
    def ttfb_shield_hit_ms(self) -> float:
        """3 E + O: the edge misses but the shield, next to the origin, has the file."""
        return self.ttfb_cdn_hit_ms + self.user_origin_rtt_ms

    @property
    def mean_ttfb_ms(self) -> float:
        """The first-byte time averaged over requests at these hit rates."""
        h_e = self.edge_hit_pct / 100.0
        if self.shield:
            h_s = self.shield_hit_pct / 100.0
            miss = h_s * self.ttfb_shield_hit_ms + (1.0 - h_s) * self.ttfb_cdn_miss_ms
        else:
            miss = self.ttfb_cdn_miss_ms
        return h_e * self.ttfb_cdn_hit_ms + (1.0 - h_e) * miss


def origin_curve(
    rps: float, shield: bool, shield_hit_pct: float
) -> tuple[tuple[float, float], ...]:
    """(edge hit %, origin requests a second) from 0% to 100%: a straight line."""
    rates = [5.0 * i for i in range(21)]
    return tuple((h, origin_rps(rps, h, shield, shield_hit_pct)) for h in rates)
