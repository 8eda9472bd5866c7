"""The estimator model against the contract's formulas, counted again by hand."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.estimator.model import (
    Workload,
    avg_rps,
    estimate,
    peak_bandwidth_mbps,
    peak_rps,
    storage_tb,
    write_rps,
)
from widgets.estimator.text import about, data_size, round_sig

PHOTO_APP = Workload(
    dau=10_000_000,
    requests_per_user=10,
    peak_factor=3,
    write_pct=1,
    object_kb=2000,
    retention_years=1,
    replicas=1,
)


def test_formulas_match_the_contract() -> None:
    """Each function is the contract's formula, written again."""
    assert avg_rps(1e6, 40) == pytest.approx(1e6 * 40 / 86_400)
    assert peak_rps(100.0, 3) == pytest.approx(300.0)
    assert write_rps(100.0, 2.5) == pytest.approx(2.5)
    assert storage_tb(10.0, 2, 500, 3) == pytest.approx(10 * 86_400 * 365 * 2 * 500 * 3 / 1e9)
    assert peak_bandwidth_mbps(1000.0, 250) == pytest.approx(1000 * 250 * 8 / 1000)


def test_worked_example_counted_by_hand() -> None:
    """The photo app: 100M requests a day, 1M posts a day, 2 TB a day, counted without the
    per-second detour: bytes a day x 365 days."""
    e = estimate(PHOTO_APP)
    assert e.requests_per_day == 100_000_000
    assert e.avg_rps == pytest.approx(100_000_000 / 86_400)
    assert e.peak_rps == pytest.approx(3 * 100_000_000 / 86_400)
    assert e.writes_per_day == pytest.approx(1_000_000)
    assert e.tb_per_day == pytest.approx(1_000_000 * 2_000_000 / 1e12)  # 2 MB each, in TB
    assert e.storage_tb == pytest.approx(730)
    assert e.peak_write_rps == pytest.approx(3 * 1_000_000 / 86_400)
    assert e.peak_bandwidth_mbps == pytest.approx(e.peak_rps * 2_000_000 * 8 / 1e6)


def test_rounded_figures_a_candidate_says() -> None:
    """Two significant figures: 1,157 -> 1,200; 3,472 -> 3,500; 11.6 -> 12; 34.7 -> 35."""
    e = estimate(PHOTO_APP)
    assert [about(v) for v in (e.avg_rps, e.peak_rps, e.write_rps, e.peak_write_rps)] == [
        "1,200",
        "3,500",
        "12",
        "35",
    ]
    assert round_sig(0.0) == 0.0
    assert data_size(e.storage_tb) == "730 TB"
    assert data_size(0.365) == "365 GB"
    assert data_size(73_000) == "73 PB"


def test_no_writes_store_nothing() -> None:
    """write_pct = 0: no writes, no storage, but the bandwidth of reads remains."""
    e = estimate(
        Workload(
            dau=1000,
            requests_per_user=10,
            peak_factor=2,
            write_pct=0,
            object_kb=10,
            retention_years=5,
            replicas=3,
        )
    )
    assert e.write_rps == 0 and e.storage_tb == 0
    assert e.peak_bandwidth_mbps > 0


workloads = st.builds(
    Workload,
    dau=st.floats(100, 3e9),
    requests_per_user=st.floats(0.1, 10_000),
    peak_factor=st.floats(1, 20),
    write_pct=st.floats(0, 100),
    object_kb=st.floats(0.1, 1e6),
    retention_years=st.floats(0.1, 100),
    replicas=st.integers(1, 10),
)


@settings(max_examples=200, deadline=None)
@given(workloads)
def test_every_output_scales_with_users(w: Workload) -> None:
    """Doubling DAU doubles every output: the estimate is linear in users."""
    one = estimate(w)
    two = estimate(Workload(**{**w.__dict__, "dau": w.dau * 2}))
    for name in ("avg_rps", "peak_rps", "write_rps", "storage_tb", "peak_bandwidth_mbps"):
        assert getattr(two, name) == pytest.approx(2 * getattr(one, name), rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(workloads)
def test_relations_between_outputs(w: Workload) -> None:
    """Peak is the average times the peak factor; writes never exceed requests; storage
    grows with copies and years; nothing is negative."""
    e = estimate(w)
    assert e.peak_rps == pytest.approx(e.avg_rps * w.peak_factor)
    assert 0 <= e.write_rps <= e.avg_rps * (1 + 1e-12)
    assert e.storage_tb >= 0 and e.peak_bandwidth_mbps > 0
    more = estimate(Workload(**{**w.__dict__, "replicas": w.replicas + 1}))
    assert more.storage_tb >= e.storage_tb


@settings(max_examples=400, deadline=None)
@given(st.floats(min_value=0.0, max_value=1e20, allow_nan=False))
def test_no_exponents_in_spoken_numbers(value: float) -> None:
    """Plain, rounded, size and bandwidth texts never use exponent notation or 'inf'."""
    from widgets.estimator.text import bandwidth, plain

    for text in (plain(value), about(value), data_size(value), bandwidth(value)):
        assert not re.search(r"\d[eE][+-]?\d|nan|inf", text, re.I), text
