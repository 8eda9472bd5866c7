"""The Universal Scalability Law: relative throughput of N nodes.

    X(N) = N / (1 + sigma (N - 1) + kappa N (N - 1))

X(1) = 1, so X(N) says how many single nodes' worth of work N nodes deliver together.

- sigma (contention) is the share of the work that queues for something shared (a
  lock, one database, one leader). Its cost grows with N - 1, so it caps throughput.
- kappa (coherency) is the cost of keeping nodes in step with each other (cache
  invalidations, cross-node messages). It grows with N (N - 1), every pair of nodes,
  so past a point adding nodes lowers throughput.

With kappa > 0, X peaks where its derivative is zero, at N* = sqrt((1 - sigma) / kappa);
the whole number of nodes with the most throughput is the integer just below or just
above N*, whichever has the larger X (the smaller on a tie). With kappa = 0 the law is
Amdahl's law: X(N) = N / (1 + sigma (N - 1)) rises for ever towards 1 / sigma, with no
peak; with sigma = kappa = 0, X(N) = N (linear scaling).

Sources: N. J. Gunther, Guerrilla Capacity Planning (Springer, 2007), chapters 4-6
(the Universal Scalability Law and its peak); G. M. Amdahl, "Validity of the single
processor approach to achieving large scale computing capabilities", AFIPS Spring Joint
Computer Conference, 1967.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def relative_throughput(nodes: float, sigma: float, kappa: float) -> float:
    """X(N) = N / (1 + sigma (N - 1) + kappa N (N - 1))."""
    return nodes / (1.0 + sigma * (nodes - 1.0) + kappa * nodes * (nodes - 1.0))


def efficiency(nodes: float, sigma: float, kappa: float) -> float:
    """X(N) / N: the share of each added node's capacity that turns into throughput."""
    return relative_throughput(nodes, sigma, kappa) / nodes


def amdahl_limit(sigma: float) -> float | None:
    """The ceiling 1 / sigma that Amdahl's law (kappa = 0) approaches; None if sigma = 0."""
    return 1.0 / sigma if sigma > 0 else None


_FARTHEST_PEAK = 1e15


def peak_nodes(sigma: float, kappa: float) -> int | None:
    """The whole number of nodes with the most throughput, or None when kappa = 0 (no peak).

    The integer nearest sqrt((1 - sigma) / kappa) on either side, with the larger X.
    """
    if kappa <= 0:
        return None
    # A vanishing kappa (say 5e-324) puts the peak beyond any real fleet and beyond
    # what a float can floor: cap it far past anything the widget can show.
    best = min(math.sqrt((1.0 - sigma) / kappa), _FARTHEST_PEAK)
    below = max(1, math.floor(best))
    above = max(1, math.ceil(best))
    if relative_throughput(above, sigma, kappa) > relative_throughput(below, sigma, kappa):
        return above
    return below


@dataclass(frozen=True)
class Scaling:
    """One reading of the law: N nodes with contention sigma and coherency kappa."""

    nodes: int
    sigma: float
    kappa: float

    @property
    def throughput(self) -> float:
        return relative_throughput(self.nodes, self.sigma, self.kappa)

    @property
    def efficiency(self) -> float:
        return efficiency(self.nodes, self.sigma, self.kappa)

    @property
    def peak_nodes(self) -> int | None:
        return peak_nodes(self.sigma, self.kappa)

    @property
    def peak_throughput(self) -> float | None:
        peak = self.peak_nodes
        return None if peak is None else relative_throughput(peak, self.sigma, self.kappa)

    @property
    def amdahl(self) -> bool:
        """True when kappa = 0: the law reduces to Amdahl's law."""
        return self.kappa <= 0


def curve(
    sigma: float, kappa: float, last: int, points: int = 80
) -> tuple[tuple[float, float], ...]:
    """(N, X(N)) for about `points` whole numbers of nodes from 1 to `last`."""
    step = max(1, math.ceil((last - 1) / (points - 1)))
    counts = [*range(1, last, step), last]
    return tuple((float(n), relative_throughput(n, sigma, kappa)) for n in counts)
