"""The widget's inputs as one typed value, read from validated parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from widgets.cache_hit_rate.model import POLICIES, Policy, Workload, make_workload


@dataclass(frozen=True)
class CacheSetup:
    """What the reader chose: keys N, cache size C, skew s, policy, TTL, reads/s, latencies."""

    keys: int
    cache_size: int
    skew: float
    policy: Policy
    ttl_s: float
    read_rps: float
    hit_ms: float
    miss_ms: float

    @property
    def workload(self) -> Workload:
        return make_workload(self.keys, self.skew, self.read_rps, self.ttl_s)


def setup_from_params(params: Mapping[str, object]) -> CacheSetup:
    """Read validated parameters (see spec.py) into a CacheSetup."""
    policy = str(params["policy"])
    for known in POLICIES:
        if policy == known:
            return CacheSetup(
                keys=int(_number(params["keys"])),
                cache_size=int(_number(params["cache_size"])),
                skew=float(_number(params["skew"])),
                policy=known,
                ttl_s=float(_number(params["ttl_s"])),
                read_rps=float(_number(params["read_rps"])),
                hit_ms=float(_number(params["hit_ms"])),
                miss_ms=float(_number(params["miss_ms"])),
            )
    raise ValueError(f"unknown policy {policy!r}")


def _number(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")
