"""Resharding side by side: what moves when N shards become M, under four schemes.

Keys are user:0 ... user:K-1, hashed with MD5 (hashing.py). Each scheme (placement.py)
places them on N shards and again on M shards; counting.py counts exactly how many keys
change shard and how many each shard holds. For each scheme the widget reports

    moved fraction = keys whose shard changed / keys placed
    imbalance      = keys on the busiest shard / mean keys per shard   (after the change)
    min ratio      = keys on the emptiest shard / mean keys per shard  (after the change)

next to the theory:

    modulo:                     1 - gcd(N, M) / max(N, M)
    ring, rendezvous, jump:     |M - N| / max(N, M)        (in expectation)

Why modulo moves so much: a key stays only if h mod N = h mod M. That common value t
must be below min(N, M), and by the Chinese remainder theorem each t matches exactly one
residue of h mod lcm(N, M). So min(N, M) of the lcm(N, M) equally likely residues stay:
min(N, M) / lcm(N, M) = gcd(N, M) / max(N, M). From 16 to 17 shards, 1/17 stay and 94% move.

Why the others move |M - N| / max(N, M): growing from N to M shards, the M - N new shards
must end up with their fair share, (M - N) / M of the keys, and these schemes move
nothing else (shrinking is the same change backwards). No scheme that keeps the shards
even can move fewer.

Sampling: modulo, ring and jump are measured on all K keys up to SAMPLE_LIMIT keys and
on the first SAMPLE_LIMIT keys beyond that; rendezvous, which scores every key against
every shard, on the first RENDEZVOUS_SAMPLE keys. MD5 scatters key names uniformly, so a
prefix of the names is a fair sample; the widget says when it is sampling.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from widgets.reshard.counting import (
    Movement,
    jump_movement,
    key_positions,
    modulo_movement,
    rendezvous_movement,
    ring_movement,
    ring_owners,
    sample_hashes,
)
from widgets.reshard.hashing import key_name
from widgets.reshard.limits import RENDEZVOUS_SAMPLE, SAMPLE_LIMIT
from widgets.reshard.placement import modulo_shard


@dataclass(frozen=True)
class Scenario:
    """The reader's inputs: K keys, N shards before, M shards after, V virtual nodes."""

    keys: int
    before: int
    after: int
    vnodes: int


def modulo_theory(before: int, after: int) -> float:
    """Fraction of keys modulo hashing moves from N to M shards: 1 - gcd(N, M) / max(N, M)."""
    return 1 - math.gcd(before, after) / max(before, after)


def minimal_theory(before: int, after: int) -> float:
    """Fraction the ring, rendezvous and jump move in expectation: |M - N| / max(N, M)."""
    return abs(after - before) / max(before, after)


def imbalance(loads: Sequence[int]) -> float:
    """Busiest shard / mean keys per shard (1.0 is perfectly even)."""
    total = sum(loads)
    return max(loads) * len(loads) / total if total else 1.0


def min_ratio(loads: Sequence[int]) -> float:
    """Emptiest shard / mean keys per shard (1.0 is perfectly even, 0 is an empty shard)."""
    total = sum(loads)
    return min(loads) * len(loads) / total if total else 1.0


def standard_error(fraction: float, keys: int) -> float:
    """Standard error of a fraction measured on a random sample of `keys` keys."""
    return math.sqrt(max(fraction * (1 - fraction), 0.0) / keys) if keys else 0.0


def measured_keys(keys: int) -> int:
    """How many keys modulo, ring and jump place: all of them up to SAMPLE_LIMIT."""
    return min(keys, SAMPLE_LIMIT)


def rendezvous_keys(keys: int) -> int:
    """How many keys rendezvous places: all of them up to RENDEZVOUS_SAMPLE."""
    return min(keys, RENDEZVOUS_SAMPLE)


@dataclass(frozen=True)
class SchemeResult:
    """One scheme's answer: its measured movement, the theory, and the real key count."""

    key: str
    name: str
    movement: Movement
    theory: float
    total_keys: int

    @property
    def measured(self) -> int:
        return self.movement.keys

    @property
    def sampled(self) -> bool:
        return self.measured < self.total_keys

    @property
    def moved_fraction(self) -> float:
        return self.movement.moved / self.measured

    @property
    def imbalance(self) -> float:
        return imbalance(self.movement.after)

    @property
    def imbalance_before(self) -> float:
        return imbalance(self.movement.before)

    @property
    def min_ratio(self) -> float:
        return min_ratio(self.movement.after)

    def scaled(self, loads: Sequence[int]) -> tuple[float, ...]:
        """Keys per shard scaled from the measured keys up to all K keys."""
        factor = self.total_keys / self.measured
        return tuple(load * factor for load in loads)


@dataclass(frozen=True)
class Comparison:
    scenario: Scenario
    modulo: SchemeResult
    ring: SchemeResult
    rendezvous: SchemeResult
    jump: SchemeResult

    @property
    def schemes(self) -> tuple[SchemeResult, ...]:
        return (self.modulo, self.ring, self.rendezvous, self.jump)

    @property
    def sampled(self) -> bool:
        return self.modulo.sampled


def compare(scenario: Scenario) -> Comparison:
    """Run all four schemes on the same keys for a change from N to M shards."""
    n, m, total = scenario.before, scenario.after, scenario.keys
    count = measured_keys(total)
    minimal = minimal_theory(n, m)
    return Comparison(
        scenario=scenario,
        modulo=SchemeResult(
            "modulo", "Modulo", modulo_movement(count, n, m), modulo_theory(n, m), total
        ),
        ring=SchemeResult(
            "consistent", "Ring", ring_movement(count, n, m, scenario.vnodes), minimal, total
        ),
        rendezvous=SchemeResult(
            "rendezvous",
            "Rendezvous",
            rendezvous_movement(rendezvous_keys(total), n, m),
            minimal,
            total,
        ),
        jump=SchemeResult("jump", "Jump", jump_movement(count, n, m), minimal, total),
    )


@dataclass(frozen=True)
class KeyDot:
    """One sample key for the pictures: where it sits on the ring, and its shard before
    and after the change on the ring and under modulo."""

    name: str
    position: int
    ring_before: int
    ring_after: int
    modulo_before: int
    modulo_after: int

    @property
    def ring_moves(self) -> bool:
        return self.ring_before != self.ring_after

    @property
    def modulo_moves(self) -> bool:
        return self.modulo_before != self.modulo_after


def sample_dots(scenario: Scenario, count: int) -> tuple[KeyDot, ...]:
    """The first `count` keys with their ring shard before and after the change."""
    count = min(count, measured_keys(scenario.keys))
    before = ring_owners(count, scenario.before, scenario.vnodes)
    after = ring_owners(count, scenario.after, scenario.vnodes)
    hashes, positions = sample_hashes(count), key_positions(count)
    return tuple(
        KeyDot(
            name=key_name(index),
            position=position,
            ring_before=before[index],
            ring_after=after[index],
            modulo_before=modulo_shard(value, scenario.before),
            modulo_after=modulo_shard(value, scenario.after),
        )
        for index, (value, position) in enumerate(zip(hashes, positions, strict=True))
    )
