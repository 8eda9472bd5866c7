"""Back-of-the-envelope estimation: from daily active users to load, storage and bandwidth.

    avg_rps             = dau x requests_per_user / 86,400         (seconds in a day)
    peak_rps            = avg_rps x peak_factor
    write_rps           = avg_rps x write_pct / 100
    storage_tb          = write_rps x 86,400 x 365 x retention_years x object_kb x replicas
                          / 10^9                                    (KB to TB, decimal units)
    peak_bandwidth_mbps = peak_rps x object_kb x 8 / 1,000          (KB/s to megabits/s)

Every write stores one object of object_kb, kept retention_years, in `replicas` copies;
the bandwidth figure assumes each request at peak moves one such object. Units are
decimal (1 KB = 1,000 bytes, 1 TB = 10^12 bytes), as disks and network links are sold.

The peak factor is a rule of thumb, not a law: traffic bunches into the busy hours of
the day. Source for the method: "Introducing Non-Abstract Large System Design", The Site
Reliability Workbook (O'Reilly, 2018), chapter 12; the same arithmetic appears in most
system-design interview guides.
"""

from __future__ import annotations

from dataclasses import dataclass

SECONDS_PER_DAY = 86_400.0
DAYS_PER_YEAR = 365.0
KB_PER_TB = 1e9
BITS_PER_BYTE = 8.0
KBIT_PER_MBIT = 1_000.0


def avg_rps(dau: float, requests_per_user: float) -> float:
    """dau x requests_per_user / 86,400."""
    return dau * requests_per_user / SECONDS_PER_DAY


def peak_rps(avg: float, peak_factor: float) -> float:
    """avg_rps x peak_factor."""
    return avg * peak_factor


def write_rps(avg: float, write_pct: float) -> float:
    """avg_rps x write_pct / 100."""
    return avg * write_pct / 100.0


def storage_tb(writes: float, retention_years: float, object_kb: float, replicas: int) -> float:
    """write_rps x 86,400 x 365 x retention_years x object_kb x replicas / 10^9."""
    kb = writes * SECONDS_PER_DAY * DAYS_PER_YEAR * retention_years * object_kb * replicas
    return kb / KB_PER_TB


def peak_bandwidth_mbps(peak: float, object_kb: float) -> float:
    """peak_rps x object_kb x 8 / 1,000."""
    return peak * object_kb * BITS_PER_BYTE / KBIT_PER_MBIT


@dataclass(frozen=True)
class Workload:
    """The interview's assumptions, as the candidate writes them on the board."""

    dau: float
    requests_per_user: float
    peak_factor: float
    write_pct: float
    object_kb: float
    retention_years: float
    replicas: int


@dataclass(frozen=True)
class Estimate:
    """Every number the estimate produces, plus the in-between ones a candidate says."""

    workload: Workload
    requests_per_day: float
    avg_rps: float
    peak_rps: float
    write_rps: float
    peak_write_rps: float
    writes_per_day: float
    tb_per_day: float
    storage_tb: float
    peak_bandwidth_mbps: float


def estimate(w: Workload) -> Estimate:
    """Run the whole estimate (formulas in the module docstring)."""
    avg = avg_rps(w.dau, w.requests_per_user)
    peak = peak_rps(avg, w.peak_factor)
    writes = write_rps(avg, w.write_pct)
    writes_per_day = writes * SECONDS_PER_DAY
    return Estimate(
        workload=w,
        requests_per_day=w.dau * w.requests_per_user,
        avg_rps=avg,
        peak_rps=peak,
        write_rps=writes,
        peak_write_rps=writes * w.peak_factor,
        writes_per_day=writes_per_day,
        tb_per_day=writes_per_day * w.object_kb / KB_PER_TB,
        storage_tb=storage_tb(writes, w.retention_years, w.object_kb, w.replicas),
        peak_bandwidth_mbps=peak_bandwidth_mbps(peak, w.object_kb),
    )
