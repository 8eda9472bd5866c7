"""One big machine or N small ones: monthly list prices from the cost ladder's price book.

A "node" here is one m5.large (2 vCPU, 8 GiB), the cost ladder's app server. N of them
cost N x its hourly list price x 730 hours a month. The one big machine with the same
vCPU and memory is the smallest m5 size with at least N m5.large's worth: the sizes
below, from AWS's published M5 specifications
(https://aws.amazon.com/ec2/instance-types/m5/). On-demand m5 prices grow in step with
size (an m5.24xlarge lists at 48 times an m5.large; https://aws.amazon.com/ec2/pricing/on-demand/),
so a size of k m5.large units costs k times the m5.large price. Past 48 units (96 vCPU,
384 GiB) there is no bigger m5: only the fleet can grow.

The m5.large price is read, never changed, through widgets.cost_ladder.prices.
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.cost_ladder.assumptions import HOURS_PER_MONTH
from widgets.cost_ladder.prices import PriceBook


@dataclass(frozen=True)
class Size:
    name: str
    vcpu: int
    memory_gib: int

    @property
    def units(self) -> int:
        """How many m5.large this size equals (vCPU / 2)."""
        return self.vcpu // 2


M5_SIZES = (
    Size("m5.large", 2, 8),
    Size("m5.xlarge", 4, 16),
    Size("m5.2xlarge", 8, 32),
    Size("m5.4xlarge", 16, 64),
    Size("m5.8xlarge", 32, 128),
    Size("m5.12xlarge", 48, 192),
    Size("m5.16xlarge", 64, 256),
    Size("m5.24xlarge", 96, 384),
)
"""The m5 sizes (AWS M5 instance specifications); m5.metal matches m5.24xlarge."""

NODE = M5_SIZES[0]


def big_machine(nodes: int) -> Size | None:
    """The smallest m5 size with at least `nodes` m5.large's worth, or None past the largest."""
    return next((size for size in M5_SIZES if size.units >= nodes), None)


@dataclass(frozen=True)
class PriceComparison:
    """Monthly on-demand list prices: N m5.large against one big m5 (if one is big enough)."""

    nodes: int
    node_hourly: float
    fleet_monthly: float
    big: Size | None
    big_monthly: float | None


def compare(nodes: int, prices: PriceBook) -> PriceComparison:
    hourly = prices.ec2_m5_large.rate
    monthly = hourly * HOURS_PER_MONTH
    big = big_machine(nodes)
    return PriceComparison(
        nodes=nodes,
        node_hourly=hourly,
        fleet_monthly=nodes * monthly,
        big=big,
        big_monthly=None if big is None else big.units * monthly,
    )
