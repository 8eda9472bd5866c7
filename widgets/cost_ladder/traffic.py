"""From daily active users to traffic: the back-of-the-envelope step (book, chapter 0).

    requests a day     = DAU x requests per user
    average req/s      = requests a day / 86,400
    peak req/s         = average x peak factor
    reads, writes      = peak x read ratio, peak x (1 - read ratio)
    database queries/s = requests/s x queries per request
    static egress      = DAU x MB of static assets per user a day x 30.4 days

Servers are sized for the peak; monthly volumes (egress, queue requests) use the average.
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.cost_ladder.assumptions import (
    DAYS_PER_MONTH,
    DEFAULT_ASSUMPTIONS,
    SECONDS_PER_DAY,
    Assumptions,
)


@dataclass(frozen=True)
class Workload:
    """What the reader sets with the sliders."""

    dau: float
    requests_per_user: float
    peak_factor: float
    read_ratio: float
    static_mb_per_user: float

    def __post_init__(self) -> None:
        if self.dau <= 0 or self.requests_per_user <= 0 or self.peak_factor < 1:
            raise ValueError("workload: DAU and requests must be positive, peak factor >= 1")
        if not 0 <= self.read_ratio <= 1 or self.static_mb_per_user < 0:
            raise ValueError("workload: read ratio must be 0..1 and static MB >= 0")


@dataclass(frozen=True)
class Traffic:
    """The load a workload puts on the system (per second at peak, per month on average)."""

    dau: float
    avg_rps: float
    peak_rps: float
    peak_read_qps: float
    peak_write_qps: float
    peak_jobs_per_s: float
    avg_jobs_per_s: float
    requests_per_month: float
    writes_per_month: float
    dynamic_egress_gb: float
    static_egress_gb: float
    static_objects: float
    internal_gb: float
    stored_gb: float
    working_set_gb: float

    @property
    def peak_db_qps(self) -> float:
        """All database queries at peak, reads plus writes, before any cache."""
        return self.peak_read_qps + self.peak_write_qps


def traffic(workload: Workload, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> Traffic:
    """Turn a workload into per-second peaks and monthly volumes (formulas in the module doc)."""
    a = assumptions
    requests_per_day = workload.dau * workload.requests_per_user
    avg_rps = requests_per_day / SECONDS_PER_DAY
    peak_rps = avg_rps * workload.peak_factor
    write_share = 1.0 - workload.read_ratio
    requests_per_month = requests_per_day * DAYS_PER_MONTH
    static_egress_gb = workload.dau * workload.static_mb_per_user * DAYS_PER_MONTH / 1_000
    return Traffic(
        dau=workload.dau,
        avg_rps=avg_rps,
        peak_rps=peak_rps,
        peak_read_qps=peak_rps * workload.read_ratio * a.db_queries_per_request,
        peak_write_qps=peak_rps * write_share * a.db_queries_per_request,
        peak_jobs_per_s=peak_rps * write_share * a.jobs_per_write,
        avg_jobs_per_s=avg_rps * write_share * a.jobs_per_write,
        requests_per_month=requests_per_month,
        writes_per_month=requests_per_month * write_share,
        dynamic_egress_gb=requests_per_month * a.response_kb / 1e6,
        static_egress_gb=static_egress_gb,
        static_objects=static_egress_gb * 1e6 / a.static_object_kb,
        internal_gb=requests_per_month * a.internal_kb_per_request / 1e6,
        stored_gb=workload.dau * a.stored_mb_per_user / 1_000,
        working_set_gb=workload.dau * a.cache_kb_per_user / 1e6,
    )
