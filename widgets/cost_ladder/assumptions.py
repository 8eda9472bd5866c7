"""The capacity and traffic assumptions behind the cost ladder, each with its unit and source.

These are rules of thumb, not measurements of your system. Each one is stated once here,
with where it comes from, so a reader can see exactly what moves a stage boundary. The
widget's sliders change the traffic; these stay fixed (change them in code to explore).

Figures marked "curriculum" come from the book's syllabus (widely read public walkthroughs
of this journey); figures marked "AWS" come from AWS documentation; the rest are stated
heuristics, chosen to be round and defensible, and flagged as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

HOURS_PER_MONTH = 730.0
"""AWS bills a month as 730 hours (365 days x 24 h / 12)."""

DAYS_PER_MONTH = HOURS_PER_MONTH / 24.0
"""About 30.4 days."""

SECONDS_PER_DAY = 86_400.0


def _assume(default: float, unit: str, source: str) -> Any:
    """A dataclass field that carries its unit and its source as metadata."""
    return field(default=default, metadata={"unit": unit, "source": source})


@dataclass(frozen=True)
class Assumptions:
    """Every fixed number the model relies on. Defaults reproduce the book's ladder."""

    # --- Traffic shape -------------------------------------------------------------------
    db_queries_per_request: float = _assume(
        3.0, "queries/request", "Heuristic: a typical page or API call runs a few queries."
    )
    response_kb: float = _assume(
        20.0, "KB/request", "Heuristic: a compressed HTML page or JSON response."
    )
    static_object_kb: float = _assume(
        30.0,
        "KB/object",
        "HTTP Archive: a median web page is about 2 MB in about 70 requests, ~30 KB each.",
    )
    internal_kb_per_request: float = _assume(
        10.0,
        "KB/request",
        "Heuristic: bytes between app servers and database, cache and queue per request.",
    )
    cross_az_share: float = _assume(
        2.0 / 3.0,
        "fraction",
        "Instances spread evenly over three Availability Zones: 2 of 3 internal calls cross "
        "a zone boundary.",
    )
    stored_mb_per_user: float = _assume(
        1.0,
        "MB per DAU",
        "Heuristic: database rows and indexes per daily active user, counting the inactive "
        "accounts that come with each active one.",
    )
    cache_kb_per_user: float = _assume(
        20.0, "KB per DAU", "Heuristic: hot objects per active user (session, profile, feed)."
    )

    # --- One server ------------------------------------------------------------------------
    single_box_rps: float = _assume(
        50.0,
        "req/s",
        "Heuristic: half of a dedicated app server's capacity, because the web server, app "
        "and database share one small VM (t3.medium, 2 vCPU, 4 GiB; curriculum, chapter 1). "
        "Its peaks run on CPU credits earned off-peak.",
    )
    single_box_uptime: float = _assume(
        0.995,
        "fraction of the month",
        "AWS EC2 instance-level SLA: 99.5% monthly uptime for a single instance "
        "(https://aws.amazon.com/compute/sla/).",
    )
    failed_requests_budget: float = _assume(
        25_000.0,
        "failed requests/month",
        "Stated availability target: how many requests a month the product may fail because "
        "of infrastructure downtime.",
    )
    box_disk_gb: float = _assume(
        30.0, "GB", "Operating system, app and logs on the single box's disk, before data."
    )

    # --- App tier --------------------------------------------------------------------------
    app_server_rps: float = _assume(
        100.0,
        "req/s",
        "Heuristic: one m5.large (2 vCPU) stateless app server at 50-60% CPU, about 10 ms of "
        "CPU per dynamic request.",
    )
    root_volume_gb: float = _assume(20.0, "GB", "Root disk of each app server or worker.")

    # --- Database --------------------------------------------------------------------------
    db_node_qps: float = _assume(
        400.0,
        "queries/s",
        "Heuristic: one db.m5.large (2 vCPU, 8 GiB) with a typical OLTP mix at a safe load. "
        "Larger sizes scale by their number of m5.large units (RDS prices scale the same way).",
    )
    primary_write_limit: float = _assume(
        10_000.0,
        "writes/s",
        "Curriculum (chapter 10): sustained writes above roughly 10k/s on one primary, even "
        "scaled up, call for sharding.",
    )
    primary_data_limit_gb: float = _assume(
        5_000.0,
        "GB",
        "Curriculum (chapter 10), one common heuristic: more than 5 TB of data on one primary.",
    )
    shard_fill: float = _assume(
        0.5,
        "fraction of the limits",
        "Heuristic: shards are split to hold at most half of either limit, leaving room to grow "
        "before the next split.",
    )

    # --- Cache -----------------------------------------------------------------------------
    cache_hit_rate: float = _assume(
        0.8,
        "fraction",
        "Curriculum (chapter 7): read-heavy apps often see 80%+ less database read load.",
    )
    cache_node_gib: float = _assume(
        6.38, "GiB", "AWS: memory of one cache.m5.large node (ElastiCache node types)."
    )
    cache_usable: float = _assume(
        0.75,
        "fraction",
        "AWS: ElastiCache reserves 25% of memory by default (reserved-memory-percent).",
    )
    cache_node_ops: float = _assume(
        100_000.0, "ops/s", "Heuristic: simple Redis GET/SET operations one node serves."
    )
    cache_replicas: float = _assume(
        1.0, "replicas per node", "One replica per cache node, in another zone, for failover."
    )

    # --- CDN and queue ---------------------------------------------------------------------
    cdn_min_egress_gb: float = _assume(
        10_000.0,
        "GB/month",
        "Heuristic: above about 10 TB a month of static assets (the size of CloudFront's first "
        "price tier), far users' latency and origin bandwidth justify a CDN.",
    )
    jobs_per_write: float = _assume(
        1.0, "jobs/write", "Heuristic: each write triggers one slow side job (email, resize)."
    )
    max_inline_jobs_per_s: float = _assume(
        50.0,
        "jobs/s",
        "Heuristic: above about 50 slow jobs a second at peak, running them inside requests "
        "makes bursts hit users; a queue turns them into a steady drain (curriculum, ch. 9).",
    )
    worker_jobs_per_s: float = _assume(
        20.0, "jobs/s", "Heuristic: jobs one m5.large worker finishes a second."
    )
    worker_headroom: float = _assume(
        1.5,
        "x average",
        "Workers keep up with the daily average plus 50%; the queue absorbs the peak.",
    )
    sqs_requests_per_job: float = _assume(
        3.0, "requests/job", "AWS SQS bills send, receive and delete as separate requests."
    )

    # --- Regions and services --------------------------------------------------------------
    region_max_peak_rps: float = _assume(
        100_000.0,
        "req/s",
        "Stated blast-radius limit: the most peak traffic one region may carry, so that one "
        "regional failure cannot take down more.",
    )
    failover_headroom: float = _assume(
        0.5,
        "fraction",
        "With three or more active regions, the survivors of a regional failure absorb its "
        "traffic: +50% capacity at three regions, kept constant as regions are added.",
    )
    service_calls_per_request: float = _assume(
        4.0,
        "calls/request",
        "Heuristic: internal calls between services per user request after the split "
        "(curriculum, chapter 11).",
    )
    service_call_cost: float = _assume(
        0.25,
        "of a request's CPU",
        "Heuristic: each internal call costs about a quarter of a monolith request "
        "(serialisation, authentication, network).",
    )
    service_call_kb: float = _assume(4.0, "KB/call", "Heuristic: bytes per internal call.")
    replicated_kb_per_write: float = _assume(
        2.0, "KB/write", "Heuristic: bytes each write sends to its copy in a second region."
    )

    # --- Overhead --------------------------------------------------------------------------
    monitoring_rate: float = _assume(
        0.10, "of the bill", "Heuristic: metrics, logs and alerting (curriculum, chapter 13)."
    )
    backup_rate: float = _assume(0.05, "of the bill", "Heuristic: backups and snapshots.")
    support_rate: float = _assume(
        0.10,
        "of the bill",
        "AWS Business Support has been priced from 10% of the monthly bill, tapering on large "
        "bills (https://aws.amazon.com/premiumsupport/pricing/); kept flat here.",
    )

    @property
    def overhead_rate(self) -> float:
        """Monitoring + backups + support, as one share of the infrastructure bill."""
        return self.monitoring_rate + self.backup_rate + self.support_rate


DEFAULT_ASSUMPTIONS = Assumptions()


@dataclass(frozen=True)
class AssumptionNote:
    """One assumption as a reader sees it: name, value, unit and where it comes from."""

    name: str
    value: float
    unit: str
    source: str


def describe(assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> tuple[AssumptionNote, ...]:
    """Every assumption with its unit and source, in declaration order."""
    return tuple(
        AssumptionNote(
            name=item.name,
            value=getattr(assumptions, item.name),
            unit=str(item.metadata["unit"]),
            source=str(item.metadata["source"]),
        )
        for item in fields(assumptions)
    )
