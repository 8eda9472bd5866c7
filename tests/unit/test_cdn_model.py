"""The CDN model: origin load after edge and shield, and first-byte times in round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.cdn.model import Cdn, origin_curve, origin_rps


def cdn(**changes: object) -> Cdn:
    """The widget's defaults with some fields changed."""
    fields: dict[str, object] = {
        "rps": 5_000.0,
        "edge_hit_pct": 90.0,
        "shield": True,
        "shield_hit_pct": 80.0,
        "user_edge_rtt_ms": 15.0,
        "user_origin_rtt_ms": 150.0,
        "origin_ms": 20.0,
    }
    fields.update(changes)
    return Cdn(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rps", "edge", "shield", "shield_hit", "expected"),
    [
        (5_000, 90, True, 80, 100),  # the defaults: 5,000 x 0.1 x 0.2
        (5_000, 90, False, 80, 500),  # the shield's hit rate does not count when it is off
        (1_000, 0, False, 0, 1_000),  # no caching at all
        (1_000, 100, False, 0, 0),  # every request an edge hit
        (1_000, 99, True, 50, 5),
        (10_000_000, 99.9, True, 100, 0),
    ],
)
def test_origin_rps_follows_the_contract(
    rps: float, edge: float, shield: bool, shield_hit: float, expected: float
) -> None:
    """origin_rps = rps (1 - edge/100) (1 - shield/100 if the shield is on)."""
    assert origin_rps(rps, edge, shield, shield_hit) == pytest.approx(expected, abs=1e-9)
    contract = rps * (1 - edge / 100) * ((1 - shield_hit / 100) if shield else 1)
    assert origin_rps(rps, edge, shield, shield_hit) == pytest.approx(contract, abs=1e-9)


def test_first_byte_times_count_round_trips() -> None:
    """Three round trips (TCP, TLS 1.3, request): direct 3 x 150 + 20 = 470 ms; hit 3 x 15 = 45;
    miss 45 + one edge-to-origin round trip (150) + 20 = 215; a shield hit 45 + 150 = 195."""
    model = cdn()
    assert model.ttfb_direct_ms == 470
    assert model.ttfb_cdn_hit_ms == 45
    assert model.ttfb_cdn_miss_ms == 215
    assert model.ttfb_shield_hit_ms == 195


@pytest.mark.parametrize(
    ("edge", "origin", "server"),
    [(15.0, 150.0, 20.0), (5.0, 80.0, 0.0), (40.0, 40.0, 100.0), (1.0, 300.0, 1_000.0)],
)
def test_first_byte_times_at_other_distances(edge: float, origin: float, server: float) -> None:
    """The contract's sums at other distances and server times, written out: direct
    3 O + S, hit 3 E, miss 3 E + O + S, shield hit 3 E + O (equal distances and a server
    that takes no time included)."""
    model = cdn(user_edge_rtt_ms=edge, user_origin_rtt_ms=origin, origin_ms=server)
    assert model.ttfb_direct_ms == pytest.approx(3 * origin + server)
    assert model.ttfb_cdn_hit_ms == pytest.approx(3 * edge)
    assert model.ttfb_cdn_miss_ms == pytest.approx(3 * edge + origin + server)
    assert model.ttfb_shield_hit_ms == pytest.approx(3 * edge + origin)


def test_mean_first_byte_weights_hits_and_misses() -> None:
    """Averaged over requests: 0.9 x 45 + 0.1 x (0.8 x 195 + 0.2 x 215); without shield 0.9 x 45 + 0.1 x 215."""
    assert cdn().mean_ttfb_ms == pytest.approx(0.9 * 45 + 0.1 * (0.8 * 195 + 0.2 * 215))
    assert cdn(shield=False).mean_ttfb_ms == pytest.approx(0.9 * 45 + 0.1 * 215)


def test_the_other_shield_setting() -> None:
    """The note's comparison: with the shield on, the other setting is the unshielded load."""
    assert cdn().origin_rps_other == pytest.approx(500)
    assert cdn(shield=False).origin_rps_other == pytest.approx(100)
    assert cdn().edge_miss_rps == pytest.approx(500)


models = st.builds(
    Cdn,
    rps=st.floats(1, 1e7),
    edge_hit_pct=st.floats(0, 100),
    shield=st.booleans(),
    shield_hit_pct=st.floats(0, 100),
    user_edge_rtt_ms=st.floats(1, 300),
    user_origin_rtt_ms=st.floats(1, 400),
    origin_ms=st.floats(0, 5_000),
)


@settings(max_examples=300, deadline=None)
@given(models, st.floats(0, 100))
def test_origin_load_bounds_and_monotonicity(model: Cdn, more: float) -> None:
    """0 <= origin <= rps; a higher edge hit rate never raises it; a shield never raises it."""
    assert 0 <= model.origin_rps <= model.rps * (1 + 1e-12)
    higher = origin_rps(
        model.rps, max(model.edge_hit_pct, more), model.shield, model.shield_hit_pct
    )
    assert higher <= model.origin_rps * (1 + 1e-12)
    shielded = origin_rps(model.rps, model.edge_hit_pct, True, model.shield_hit_pct)
    assert shielded <= origin_rps(model.rps, model.edge_hit_pct, False, 0) * (1 + 1e-12)


@settings(max_examples=300, deadline=None)
@given(models)
def test_first_byte_ordering(model: Cdn) -> None:
    """A hit is never slower than a miss; a miss beats direct exactly when 3E < 2O; the mean
    lies between hit and miss."""
    assert model.ttfb_cdn_hit_ms <= model.ttfb_shield_hit_ms <= model.ttfb_cdn_miss_ms
    gain = model.ttfb_direct_ms - model.ttfb_cdn_miss_ms
    assert gain == pytest.approx(2 * model.user_origin_rtt_ms - 3 * model.user_edge_rtt_ms)
    assert model.ttfb_cdn_hit_ms * (1 - 1e-12) <= model.mean_ttfb_ms
    assert model.mean_ttfb_ms <= model.ttfb_cdn_miss_ms * (1 + 1e-12)


def test_curve_is_a_straight_line_from_rps_to_zero() -> None:
    """The chart's lines run from rps (or rps x (1 - shield)) at 0% to 0 at 100%."""
    without = origin_curve(5_000, False, 80)
    shielded = origin_curve(5_000, True, 80)
    assert without[0] == (0.0, 5_000.0) and without[-1] == (100.0, 0.0)
    assert shielded[0] == (0.0, pytest.approx(1_000.0))
    assert all(
        s == pytest.approx(w * 0.2) for (_, w), (_, s) in zip(without, shielded, strict=True)
    )
    assert len(without) <= 100
