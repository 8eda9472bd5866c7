"""From stage and traffic to a fleet (how many of each part) and a monthly bill, line by line.

Sizing (ceil = round up; f = failover headroom, 1.5 with several regions, else 1;
s = services factor, 1 + calls x cost per call after the split into services, else 1):

    app servers   single server: 1 box (a t3.medium). Otherwise
                  ceil(peak req/s x f x s / server req/s) + one spare per region (N+1).
    primary       m5.large units: before replicas, ceil(all queries/s / unit queries/s);
                  after, ceil(write queries/s / unit queries/s), at least one per shard.
                  Multi-AZ doubles it with a standby. RDS m5 prices grow linearly with size,
                  so units price a db.m5.4xlarge as 8 x db.m5.large.
    replicas      max(one per shard, plus one more per shard in a second region once there
                  are several (writes stay in each user's home region), ceil(read queries/s
                  x (1 - hit rate) x f / unit queries/s)).
    cache nodes   (1 + replicas per node) x max(ceil(working set x f / usable GiB per node),
                  ceil(queries/s x f / node ops/s)).
    shards        1 until sharded; then max(2, ceil(writes / (write limit x fill)),
                  ceil(data / (data limit x fill))).
    regions       1 until multi-region; then ceil(peak req/s / region limit) + 1.
    workers       ceil(average jobs/s x headroom x f / jobs per worker), at least 1.
    db disks      one volume per primary, standby and replica, each sized for the whole
                  data set up to the single-primary limit (5 TB), at least 20 GB: after a
                  split each shard keeps room to grow to the limit before the next split.

Each line item is count x list price x 730 hours, or volume x price; see `line_items`.
Every count only grows with traffic, and a stage only adds parts, so the bill never falls
as DAU grows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from widgets.cost_ladder.assumptions import DEFAULT_ASSUMPTIONS, HOURS_PER_MONTH, Assumptions
from widgets.cost_ladder.prices import PriceBook
from widgets.cost_ladder.stages import stage_index
from widgets.cost_ladder.traffic import Traffic

_LOAD_BALANCED = stage_index("load-balanced")
_REPLICAS_CACHE = stage_index("replicas-cache")
_CDN_QUEUE = stage_index("cdn-queue")
_SHARDED = stage_index("sharded")
_MULTI_REGION = stage_index("multi-region")
HOURS = HOURS_PER_MONTH


@dataclass(frozen=True)
class Fleet:
    """How many of each part a stage needs for a given traffic."""

    stage: int
    app_servers: int
    primary_units: int
    standby_units: int
    db_replicas: int
    db_volumes: int
    db_volume_gb: float
    cache_nodes: int
    shards: int
    regions: int
    load_balancers: int
    queue_workers: int
    failover: float
    services: float

    @property
    def single_box(self) -> bool:
        return self.stage < _LOAD_BALANCED

    @property
    def has_cdn(self) -> bool:
        return self.stage >= _CDN_QUEUE

    @property
    def has_queue(self) -> bool:
        return self.stage >= _CDN_QUEUE


def _up(value: float) -> int:
    """Round up to a whole number of machines (a tiny tolerance absorbs float noise)."""
    return max(0, math.ceil(value - 1e-9))


def size_fleet(stage: int, t: Traffic, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> Fleet:
    """Count every part the stage needs at this traffic (formulas in the module doc)."""
    a = assumptions
    multi = stage >= _MULTI_REGION
    regions = _up(t.peak_rps / a.region_max_peak_rps) + 1 if multi else 1
    failover = 1.0 + a.failover_headroom if multi else 1.0
    services = 1.0 + a.service_calls_per_request * a.service_call_cost if multi else 1.0
    if stage < _LOAD_BALANCED:
        return Fleet(
            stage=stage,
            app_servers=1,
            primary_units=0,
            standby_units=0,
            db_replicas=0,
            db_volumes=0,
            db_volume_gb=0.0,
            cache_nodes=0,
            shards=1,
            regions=1,
            load_balancers=0,
            queue_workers=0,
            failover=1.0,
            services=1.0,
        )
    app_servers = _up(t.peak_rps * failover * services / a.app_server_rps) + regions
    shards = 1
    if stage >= _SHARDED:
        shards = max(
            2,
            _up(t.peak_write_qps / (a.primary_write_limit * a.shard_fill)),
            _up(t.stored_gb / (a.primary_data_limit_gb * a.shard_fill)),
        )
    if stage < _REPLICAS_CACHE:
        primary_units = max(1, _up(t.peak_db_qps / a.db_node_qps))
        replicas = 0
        cache_nodes = 0
    else:
        primary_units = max(shards, _up(t.peak_write_qps / a.db_node_qps))
        misses = t.peak_read_qps * (1.0 - a.cache_hit_rate) * failover
        replicas = max(shards * min(regions, 2), _up(misses / a.db_node_qps))
        by_memory = _up(t.working_set_gb * failover / (a.cache_node_gib * a.cache_usable))
        by_ops = _up(t.peak_db_qps * failover / a.cache_node_ops)
        cache_nodes = max(1, by_memory, by_ops) * (1 + _up(a.cache_replicas))
    workers = 0
    if stage >= _CDN_QUEUE:
        per_worker = a.worker_jobs_per_s
        workers = max(1, _up(t.avg_jobs_per_s * a.worker_headroom * failover / per_worker))
    return Fleet(
        stage=stage,
        app_servers=app_servers,
        primary_units=primary_units,
        standby_units=primary_units,
        db_replicas=replicas,
        db_volumes=2 * shards + replicas,
        db_volume_gb=max(20.0, min(t.stored_gb, a.primary_data_limit_gb)),
        cache_nodes=cache_nodes,
        shards=shards,
        regions=regions,
        load_balancers=regions,
        queue_workers=workers,
        failover=failover,
        services=services,
    )


@dataclass(frozen=True)
class LineItem:
    """One line of the monthly bill."""

    key: str
    label: str
    usd: float


def line_items(
    fleet: Fleet,
    t: Traffic,
    prices: PriceBook,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> tuple[LineItem, ...]:
    """The monthly bill in eight lines, always in this order, overhead last."""
    a, p = assumptions, prices
    origin_gb = _origin_gb(fleet, t)
    items = (
        LineItem("compute", "Compute", _compute(fleet, t, p, a)),
        LineItem("database", "Database", _database(fleet, p)),
        LineItem("cache", "Cache", fleet.cache_nodes * p.elasticache_m5_large.rate * HOURS),
        LineItem("load_balancer", "Load balancer", _load_balancer(fleet, origin_gb, p)),
        LineItem("cdn", "CDN", _cdn(fleet, t, p)),
        LineItem("data_transfer", "Data transfer", _data_transfer(fleet, t, origin_gb, p, a)),
        LineItem("queue", "Queue", _queue(fleet, t, p, a)),
    )
    infrastructure = math.fsum(item.usd for item in items)
    return (*items, LineItem("overhead", "Overhead", infrastructure * a.overhead_rate))


def _compute(fleet: Fleet, t: Traffic, p: PriceBook, a: Assumptions) -> float:
    """Single box: t3.medium x 730 h + (OS disk + data) GB x gp3.
    Otherwise: (app servers + workers) x (m5.large x 730 h + root disk GB x gp3)."""
    if fleet.single_box:
        return p.ec2_t3_medium.rate * HOURS + (a.box_disk_gb + t.stored_gb) * p.ebs_gp3.rate
    machine = p.ec2_m5_large.rate * HOURS + a.root_volume_gb * p.ebs_gp3.rate
    return (fleet.app_servers + fleet.queue_workers) * machine


def _database(fleet: Fleet, p: PriceBook) -> float:
    """(primary + standby + replica units) x db.m5.large x 730 h
    + volumes x provisioned GB x RDS storage price."""
    units = fleet.primary_units + fleet.standby_units + fleet.db_replicas
    storage = fleet.db_volumes * fleet.db_volume_gb * p.rds_storage.rate
    return units * p.rds_m5_large.rate * HOURS + storage


def _origin_gb(fleet: Fleet, t: Traffic) -> float:
    """GB a month leaving our servers: dynamic responses, plus static files until a CDN."""
    return t.dynamic_egress_gb + (0.0 if fleet.has_cdn else t.static_egress_gb)


def _load_balancer(fleet: Fleet, origin_gb: float, p: PriceBook) -> float:
    """ALBs x ALB-hour x 730 h + GB processed x LCU-hour price (1 LCU-hour per GB
    processed to EC2 targets, the dimension that dominates for web traffic)."""
    if fleet.single_box:
        return 0.0
    return fleet.load_balancers * p.alb_hour.rate * HOURS + origin_gb * p.alb_lcu.rate


def _cdn(fleet: Fleet, t: Traffic, p: PriceBook) -> float:
    """CloudFront tiered egress(static GB) + static objects x HTTPS request price."""
    if not fleet.has_cdn:
        return 0.0
    return (
        p.cloudfront_egress.cost(t.static_egress_gb) + t.static_objects * p.cloudfront_requests.rate
    )


def _data_transfer(
    fleet: Fleet, t: Traffic, origin_gb: float, p: PriceBook, a: Assumptions
) -> float:
    """Tiered internet egress(origin GB)
    + cross-zone GB x 2 x $/GB (charged leaving one zone and again entering the other)
    + cross-region GB x $/GB (each write copied to its shard's replica in a second region)."""
    internal_gb = 0.0
    if not fleet.single_box:
        internal_gb = t.internal_gb
        if fleet.services > 1.0:
            calls = t.requests_per_month * a.service_calls_per_request
            internal_gb += calls * a.service_call_kb / 1e6
    cross_az_gb = internal_gb * a.cross_az_share
    copies = min(fleet.regions, 2) - 1
    cross_region_gb = t.writes_per_month * a.replicated_kb_per_write / 1e6 * copies
    return (
        p.internet_egress.cost(origin_gb)
        + cross_az_gb * 2 * p.inter_az.rate
        + cross_region_gb * p.inter_region.rate
    )


def _queue(fleet: Fleet, t: Traffic, p: PriceBook, a: Assumptions) -> float:
    """Jobs a month x SQS requests per job (send, receive, delete) x SQS request price."""
    if not fleet.has_queue:
        return 0.0
    return t.writes_per_month * a.jobs_per_write * a.sqs_requests_per_job * p.sqs_requests.rate
