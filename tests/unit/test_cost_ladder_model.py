"""The cost ladder's maths: traffic, stages and reasons, fleet sizes, bill and ladder shape."""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import fields, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.cost_ladder.assumptions import (
    DAYS_PER_MONTH,
    DEFAULT_ASSUMPTIONS,
    HOURS_PER_MONTH,
    Assumptions,
    describe,
)
from widgets.cost_ladder.costs import size_fleet
from widgets.cost_ladder.model import (
    REFERENCE_LADDER,
    ReferencePoint,
    cost_curve,
    estimate,
    monthly_cost,
    reference_cost_at,
    stage_spans,
)
from widgets.cost_ladder.prices import PriceBook, load_price_book
from widgets.cost_ladder.stages import STAGE_IDS, STAGES, decide, stage_index, stage_of
from widgets.cost_ladder.traffic import Workload, traffic

A = DEFAULT_ASSUMPTIONS
HOURS = HOURS_PER_MONTH


@functools.lru_cache(maxsize=1)
def prices() -> PriceBook:
    return load_price_book()


def default_workload(dau: float = 100_000) -> Workload:
    return Workload(dau, 50, 3, 0.9, 2)


workloads = st.builds(
    Workload,
    dau=st.just(1_000.0),
    requests_per_user=st.integers(1, 10_000).map(float),
    peak_factor=st.floats(1, 20),
    read_ratio=st.floats(0, 1),
    static_mb_per_user=st.floats(0, 1_000),
)
daus = st.integers(100, 1_000_000_000).map(float)


# --- traffic -------------------------------------------------------------------------------


def test_traffic_follows_the_back_of_the_envelope_formulas() -> None:
    """86,400 users x 10 requests = 10 req/s on average; x peak 3 = 30; reads 90%."""
    t = traffic(Workload(86_400, 10, 3, 0.9, 2))
    assert t.avg_rps == pytest.approx(10)
    assert t.peak_rps == pytest.approx(30)
    assert t.peak_read_qps == pytest.approx(30 * 0.9 * A.db_queries_per_request)
    assert t.peak_write_qps == pytest.approx(30 * 0.1 * A.db_queries_per_request)
    assert t.requests_per_month == pytest.approx(864_000 * DAYS_PER_MONTH)
    assert t.static_egress_gb == pytest.approx(86_400 * 2 * DAYS_PER_MONTH / 1_000)
    assert t.static_objects == pytest.approx(t.static_egress_gb * 1e6 / A.static_object_kb)
    assert t.stored_gb == pytest.approx(86.4 * A.stored_mb_per_user)


def test_workload_rejects_impossible_values() -> None:
    """The model refuses inputs no slider can produce instead of computing nonsense."""
    with pytest.raises(ValueError):
        Workload(0, 50, 3, 0.9, 2)
    with pytest.raises(ValueError):
        Workload(100, 50, 0.5, 0.9, 2)
    with pytest.raises(ValueError):
        Workload(100, 50, 3, 1.5, 2)
    with pytest.raises(ValueError):
        Workload(100, 50, 3, 0.9, -1)


# --- stages and reasons ----------------------------------------------------------------------


def test_stage_ids_are_the_six_rungs_in_order() -> None:
    """The ids the chapters and the output use, in ladder order."""
    assert STAGE_IDS == (
        "single-server",
        "load-balanced",
        "replicas-cache",
        "cdn-queue",
        "sharded",
        "multi-region",
    )
    assert [stage.number for stage in STAGES] == [1, 2, 3, 4, 5, 6]


@settings(max_examples=300, deadline=None)
@given(workloads, daus, daus)
def test_stage_never_goes_down_as_dau_rises(workload: Workload, d1: float, d2: float) -> None:
    """More users never move the system down the ladder, whatever the other inputs."""
    low, high = sorted((d1, d2))
    s_low = stage_of(traffic(replace(workload, dau=low)))
    s_high = stage_of(traffic(replace(workload, dau=high)))
    assert s_high >= s_low


@given(workloads, daus)
def test_stage_follows_from_crossed_limits_not_dau(workload: Workload, dau: float) -> None:
    """The stage is the highest stage any crossed limit forces; every step has reasons."""
    decision = decide(traffic(replace(workload, dau=dau)))
    crossed = [stage_index(c.stage) for c in decision.checks if c.crossed]
    assert decision.index == max(crossed, default=0)
    assert len(decision.steps) == decision.index
    assert decision.index == 0 or decision.steps[-1].forced_by


def test_the_same_dau_lands_on_different_stages_for_different_traffic() -> None:
    """No DAU brackets: with 1 request a user a day, 100k users still fit one box."""
    light = decide(traffic(Workload(100_000, 1, 1, 0.9, 0)))
    heavy = decide(traffic(Workload(100_000, 1_000, 3, 0.9, 2)))
    assert light.stage.id == "single-server"
    assert heavy.index > light.index


def test_reason_names_the_numbers_that_forced_the_step() -> None:
    """A peak of 340 req/s is reported against one box's 50 req/s, by number."""
    dau = 340 * 86_400 / (50 * 3)  # peak exactly 340 req/s
    decision = decide(traffic(default_workload(dau)))
    first_step = decision.steps[0].sentence()
    assert "peak 340 req/s exceeds one box's 50 req/s" in first_step


@given(workloads, daus)
def test_every_step_sentence_names_numbers(workload: Workload, dau: float) -> None:
    """Each reason is a sentence with at least two numbers (the value and the limit)."""
    for step in decide(traffic(replace(workload, dau=dau))).steps:
        sentence = step.sentence()
        assert sentence.endswith(".")
        assert len(re.findall(r"\d", sentence)) >= 2, sentence
        assert step.stage.title in sentence


def test_a_stage_carried_along_says_so() -> None:
    """Huge static files force the CDN stage; the cache stage comes along and says why."""
    decision = decide(traffic(Workload(2_000, 50, 3, 0.9, 1_000)))
    assert decision.stage.id == "cdn-queue"
    carried = decision.steps[stage_index("replicas-cache") - 1]
    assert not carried.forced_by
    assert "not forced by its own limits (peak " in carried.sentence()
    assert "it comes along because a later stage builds on it" in carried.sentence()


# --- fleet and bill --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(workloads, daus, daus)
def test_cost_never_falls_as_dau_rises(workload: Workload, d1: float, d2: float) -> None:
    """More users never make the monthly bill smaller, whatever the other inputs."""
    low, high = sorted((d1, d2))
    cheap = monthly_cost(replace(workload, dau=low), prices())
    dear = monthly_cost(replace(workload, dau=high), prices())
    assert dear >= cheap * (1 - 1e-12)


@settings(max_examples=60, deadline=None)
@given(workloads)
def test_cost_never_falls_across_any_stage_boundary(workload: Workload) -> None:
    """Right at each step up (one user more), the bill jumps up, never down."""
    for span in stage_spans(workload, 100, 1e9)[1:]:
        before = monthly_cost(replace(workload, dau=span.start - 1), prices())
        after = monthly_cost(replace(workload, dau=span.start), prices())
        assert after >= before


def test_cost_per_user_falls_from_1k_to_100m_on_the_default_ladder() -> None:
    """The ladder's shape: the bill grows with users but each user costs less."""
    per_user = [
        monthly_cost(default_workload(dau), prices()) / dau
        for dau in (1e3, 1e4, 1e5, 1e6, 1e7, 1e8)
    ]
    assert per_user[-1] < per_user[0] / 2
    assert min(per_user[1:]) < per_user[0]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 100),
    st.floats(1, 4),
    st.floats(0.8, 1),
    st.floats(0, 50),
)
def test_cost_per_user_falls_for_typical_workloads(
    requests: int, peak: float, reads: float, static: float
) -> None:
    """For read-heavy apps with modest peaks, 100M users cost less each than 1k users."""
    small = Workload(1_000, requests, peak, reads, static)
    big = replace(small, dau=100_000_000)
    assert monthly_cost(big, prices()) / 1e8 < monthly_cost(small, prices()) / 1e3


@pytest.mark.parametrize("point", REFERENCE_LADDER, ids=lambda p: f"{p.dau:,}")
def test_default_ladder_lands_within_3x_of_the_quoted_ladder(point: ReferencePoint) -> None:
    """At each quoted rung the default model's cost is within a factor 3 and the stage matches."""
    result = estimate(default_workload(point.dau), prices())
    ratio = result.monthly_cost / point.monthly_cost
    assert 1 / 3 <= ratio <= 3, f"{result.monthly_cost:,.0f} vs {point}"
    assert result.stage.id == point.stage


def test_single_server_bill_items_equal_their_formulas() -> None:
    """One box: t3.medium x 730 h + disk; internet egress; overhead; nothing else."""
    p = prices()
    result = estimate(default_workload(1_000), p)
    t, items = result.traffic, {item.key: item.usd for item in result.items}
    assert result.stage.id == "single-server"
    disk = (A.box_disk_gb + t.stored_gb) * p.ebs_gp3.value
    assert items["compute"] == pytest.approx(p.ec2_t3_medium.value * HOURS + disk)
    egress_gb = t.dynamic_egress_gb + t.static_egress_gb
    assert egress_gb < 10_000  # all in the first tier
    assert items["data_transfer"] == pytest.approx(egress_gb * 0.09)
    for key in ("database", "cache", "load_balancer", "cdn", "queue"):
        assert items[key] == 0
    infrastructure = sum(v for k, v in items.items() if k != "overhead")
    assert items["overhead"] == pytest.approx(infrastructure * 0.25)
    assert result.monthly_cost == pytest.approx(infrastructure * 1.25)


def test_load_balanced_bill_items_equal_their_formulas_by_hand() -> None:
    """10k DAU: 2 app servers, one Multi-AZ db.m5.large, one ALB, numbers worked by hand."""
    p = prices()
    result = estimate(default_workload(10_000), p)
    items = {item.key: item.usd for item in result.items}
    assert result.stage.id == "load-balanced"
    assert (result.fleet.app_servers, result.fleet.primary_units) == (2, 1)
    # 2 x ($0.096 x 730 + 20 GB x $0.08) = 2 x ($70.08 + $1.60)
    assert items["compute"] == pytest.approx(143.36)
    # primary + standby: 2 x $0.171 x 730; two 20 GB minimum volumes at $0.115
    assert items["database"] == pytest.approx(2 * 0.171 * 730 + 2 * 20 * 0.115)
    # 500k requests/day x 30.42 days x 20 KB = 304 GB dynamic, + 10k x 2 MB x 30.42 = 608 GB
    origin_gb = 10_000 * 50 * DAYS_PER_MONTH * 20 / 1e6 + 10_000 * 2 * DAYS_PER_MONTH / 1e3
    assert items["load_balancer"] == pytest.approx(0.0225 * 730 + origin_gb * 0.008)
    cross_az_gb = 10_000 * 50 * DAYS_PER_MONTH * 10 / 1e6 * 2 / 3
    assert items["data_transfer"] == pytest.approx(origin_gb * 0.09 + cross_az_gb * 0.02)
    assert items["cache"] == items["cdn"] == items["queue"] == 0


@pytest.mark.parametrize("dau", [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9])
def test_every_line_item_equals_its_formula_at_every_stage(dau: float) -> None:
    """Each line item recomputed from the fleet counts, the traffic and the price book."""
    p = prices()
    result = estimate(default_workload(dau), p)
    f, t = result.fleet, result.traffic
    items = {item.key: item.usd for item in result.items}
    ec2, gp3 = p.ec2_m5_large.rate * HOURS, p.ebs_gp3.rate
    if f.single_box:
        expected_compute = p.ec2_t3_medium.rate * HOURS + (A.box_disk_gb + t.stored_gb) * gp3
    else:
        expected_compute = (f.app_servers + f.queue_workers) * (ec2 + A.root_volume_gb * gp3)
    assert items["compute"] == pytest.approx(expected_compute)
    units = f.primary_units + f.standby_units + f.db_replicas
    expected_db = units * p.rds_m5_large.rate * HOURS
    expected_db += f.db_volumes * f.db_volume_gb * p.rds_storage.rate
    assert items["database"] == pytest.approx(expected_db)
    assert items["cache"] == pytest.approx(f.cache_nodes * p.elasticache_m5_large.rate * HOURS)
    origin = t.dynamic_egress_gb + (0 if f.has_cdn else t.static_egress_gb)
    expected_lb = 0.0
    if not f.single_box:
        expected_lb = f.load_balancers * p.alb_hour.rate * HOURS + origin * p.alb_lcu.rate
    assert items["load_balancer"] == pytest.approx(expected_lb)
    expected_cdn = 0.0
    if f.has_cdn:
        expected_cdn = p.cloudfront_egress.cost(t.static_egress_gb)
        expected_cdn += t.static_objects * p.cloudfront_requests.rate
    assert items["cdn"] == pytest.approx(expected_cdn)
    internal = 0.0
    if not f.single_box:
        internal = t.internal_gb
        if f.regions > 1:
            internal += t.requests_per_month * A.service_calls_per_request * 4 / 1e6
    replication = t.writes_per_month * 2 / 1e6 * (min(f.regions, 2) - 1)
    expected_transfer = p.internet_egress.cost(origin)
    expected_transfer += internal * (2 / 3) * 2 * p.inter_az.rate
    expected_transfer += replication * p.inter_region.rate
    assert items["data_transfer"] == pytest.approx(expected_transfer)
    expected_queue = t.writes_per_month * 3 * p.sqs_requests.rate if f.has_queue else 0.0
    assert items["queue"] == pytest.approx(expected_queue)
    infrastructure = sum(value for key, value in items.items() if key != "overhead")
    assert items["overhead"] == pytest.approx(infrastructure * A.overhead_rate)
    assert [item.key for item in result.items] == [
        "compute",
        "database",
        "cache",
        "load_balancer",
        "cdn",
        "data_transfer",
        "queue",
        "overhead",
    ]


def test_fleet_counts_follow_their_formulas_at_one_million() -> None:
    """1M DAU: peak 1,736 req/s -> 18 + 1 servers; reads after an 80% hit rate -> 3 replicas."""
    t = traffic(default_workload(1_000_000))
    fleet = size_fleet(stage_index("cdn-queue"), t)
    assert t.peak_rps == pytest.approx(1_736.1, abs=0.1)
    assert fleet.app_servers == math.ceil(1_736.1 / 100) + 1 == 19
    misses = t.peak_read_qps * (1 - A.cache_hit_rate)
    assert fleet.db_replicas == math.ceil(misses / A.db_node_qps) == 3
    assert fleet.primary_units == math.ceil(t.peak_write_qps / A.db_node_qps) == 2
    memory_nodes = math.ceil(t.working_set_gb / (A.cache_node_gib * A.cache_usable))
    assert fleet.cache_nodes == 2 * memory_nodes
    assert fleet.shards == fleet.regions == 1
    assert fleet.queue_workers == math.ceil(t.avg_jobs_per_s * A.worker_headroom / 20)


def test_multi_region_fleet_has_regions_headroom_and_shards() -> None:
    """100M DAU: peak 174k req/s over 100k per region -> 2 + 1 regions, sharded data."""
    t = traffic(default_workload(100_000_000))
    fleet = size_fleet(stage_index("multi-region"), t)
    assert fleet.regions == 3
    assert fleet.load_balancers == 3
    assert fleet.failover == pytest.approx(1.5)
    assert fleet.services == pytest.approx(2.0)
    expected_servers = math.ceil(t.peak_rps * 1.5 * 2.0 / A.app_server_rps) + 3
    assert fleet.app_servers == expected_servers
    assert fleet.shards == max(2, math.ceil(t.stored_gb / 2_500), math.ceil(t.peak_write_qps / 5e3))
    misses = t.peak_read_qps * (1 - A.cache_hit_rate) * 1.5
    assert fleet.db_replicas == max(2 * fleet.shards, math.ceil(misses / A.db_node_qps))


# --- ladder helpers --------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(workloads)
def test_stage_spans_cover_the_range_and_start_where_the_stage_changes(w: Workload) -> None:
    """Spans tile 100..1e9 and each starts at the first whole DAU of a higher stage."""
    spans = stage_spans(w, 100, 1e9)
    assert spans[0].start == 100 and spans[-1].end == 1e9
    for before, after in itertools.pairwise(spans):
        assert before.end == after.start
        assert after.stage.number > before.stage.number
        assert stage_of(traffic(replace(w, dau=after.start))) == after.stage.number - 1
        assert stage_of(traffic(replace(w, dau=after.start - 1))) < after.stage.number - 1


def test_default_spans_match_the_stated_limits() -> None:
    """Stage 2 starts where one box would fail 25k requests a month, stage 3 at 400 queries/s."""
    spans = {span.stage.id: span for span in stage_spans(default_workload(), 100, 1e9)}
    # 25,000 / (50 requests x 30.42 days x 0.5% downtime) = 3,287.7 users
    assert spans["load-balanced"].start == 3_288
    # 400 queries/s / (50 x 3 peak x 3 queries / 86,400 s) = 76,800 users
    assert spans["replicas-cache"].start == 76_801


def test_cost_curve_matches_single_estimates() -> None:
    """The chart's fast path gives exactly the totals of the full estimate."""
    curve = cost_curve(default_workload(), [1e3, 1e6, 1e9], prices())
    for dau, cost in curve:
        assert cost == pytest.approx(estimate(default_workload(dau), prices()).monthly_cost)


def test_reference_ladder_is_the_quoted_one_and_interpolates_log_log() -> None:
    """<1k $50, 10k $500, 100k $5k, 1M $30k, 10M $300k, 100M $5M+; between rungs, log-log."""
    assert [(p.dau, p.monthly_cost) for p in REFERENCE_LADDER] == [
        (1_000, 50),
        (10_000, 500),
        (100_000, 5_000),
        (1_000_000, 30_000),
        (10_000_000, 300_000),
        (100_000_000, 5_000_000),
    ]
    assert [p.stage for p in REFERENCE_LADDER] == list(STAGE_IDS)
    assert reference_cost_at(10_000) == pytest.approx(500)
    assert reference_cost_at(math.sqrt(1e3 * 1e4)) == pytest.approx(math.sqrt(50 * 500))
    assert reference_cost_at(500) is None
    assert reference_cost_at(2e8) is None


def test_every_assumption_states_its_unit_and_source() -> None:
    """No silent constants: each assumption carries a unit and where it comes from."""
    notes = describe()
    assert len(notes) == len(fields(Assumptions))
    for note in notes:
        assert note.unit.strip() and len(note.source) > 20, note.name


def test_changing_an_assumption_moves_the_boundary() -> None:
    """A database that takes twice the queries delays the replicas-and-cache stage."""
    stronger = replace(A, db_node_qps=800)
    workload = default_workload(100_000)
    assert stage_of(traffic(workload), stronger) < stage_of(traffic(workload))
