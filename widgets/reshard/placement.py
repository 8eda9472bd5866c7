"""Four ways to put a key on one of n shards, one small function each.

Every function takes a key's stable hash (see hashing.py) and a shard count n >= 1 and
returns a shard number 0 <= s < n. These are the definitions the widget is about;
counting.py places thousands of keys at once with faster code, and the tests check
key by key that it agrees with these.

- Modulo:      shard = hash mod n.
- Ring:        consistent hashing (Karger et al., STOC 1997). Each shard owns V virtual
               nodes at stable points of a circle of 2**64 positions; a key belongs to the
               first virtual node clockwise from it.
- Rendezvous:  highest random weight (Thaler and Ravishankar, 1998). Every shard scores
               the key; the highest score wins.
- Jump:        jump consistent hash (Lamping and Veach, 2014, arXiv:1406.2294), a few lines
               of arithmetic over a 64-bit key.

Ring, rendezvous and jump share one property modulo lacks: going from n to m > n shards,
a key either stays where it was or moves to one of the new shards n ... m-1. So the keys
that move are exactly the keys the new shards win, about (m - n) / m of them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from widgets.reshard.hashing import MASK64, mix64, shard_seed, shard_vnode_positions
from widgets.reshard.limits import MAX_SHARDS, MAX_VNODES

SHARD_BITS = max(MAX_SHARDS - 1, 1).bit_length()
"""Bits needed for a shard number; a ring point packs (position, shard) into one int."""
SHARD_MASK = (1 << SHARD_BITS) - 1

JUMP_MULTIPLIER = 2862933555777941757
"""The 64-bit linear congruential step of Lamping and Veach's jump hash."""


def modulo_shard(key_hash: int, shards: int) -> int:
    """Modulo hashing: shard = hash mod n. Changing n reshuffles almost every key."""
    return key_hash % shards


@dataclass(frozen=True)
class Ring:
    """A consistent-hashing ring: its virtual nodes in clockwise order.

    Each virtual node is one integer `point = position * 2**SHARD_BITS + shard`, so one
    sort orders the nodes by position (ties by shard) and the shard is the low bits. A key
    at position p belongs to the first node at or after p; past the last node it wraps to
    the first (that is what makes it a ring). Comparing `p << SHARD_BITS` with the points
    finds that node, because p << SHARD_BITS <= point exactly when p <= the node's position.
    """

    shards: int
    vnodes: int
    points: tuple[int, ...]

    @property
    def positions(self) -> tuple[int, ...]:
        return tuple(point >> SHARD_BITS for point in self.points)

    @property
    def owners(self) -> tuple[int, ...]:
        return tuple(point & SHARD_MASK for point in self.points)

    def index_of(self, position: int) -> int:
        """Index of the virtual node that owns `position` (bisect, then wrap around)."""
        index = bisect_left(self.points, position << SHARD_BITS)
        return index if index < len(self.points) else 0

    def owner(self, position: int) -> int:
        """The shard that owns a key at `position`."""
        return self.points[self.index_of(position)] & SHARD_MASK

    def owner_among(self, position: int, shards: int) -> int:
        """The owner if only shards 0 ... shards-1 were on the ring: walk clockwise from the
        key's virtual node to the first one that belongs to one of those shards."""
        index = self.index_of(position)
        size = len(self.points)
        for step in range(size):
            owner = self.points[(index + step) % size] & SHARD_MASK
            if owner < shards:
                return owner
        raise ValueError(f"no virtual node of shards 0-{shards - 1} on this ring")

    def keep_shards_below(self, shards: int) -> Ring:
        """The same ring with shards `shards` and up removed (their virtual nodes vanish)."""
        kept = tuple([point for point in self.points if point & SHARD_MASK < shards])
        return Ring(shards=shards, vnodes=self.vnodes, points=kept)


def shard_points(shard: int, vnodes: int) -> list[int]:
    """Ring points of shard-<shard>#0 ... #<vnodes-1>, in replica order."""
    return [(position << SHARD_BITS) | shard for position in shard_vnode_positions(shard, vnodes)]


@lru_cache(maxsize=4)
def build_ring(shards: int, vnodes: int) -> Ring:
    """The ring for `shards` shards with `vnodes` virtual nodes each.

    Virtual node v of shard s sits at the top 64 bits of MD5("shard-s#v"), so adding a
    shard or a virtual node never moves the others. Memoised for the last few
    (shards, vnodes) pairs. This is the definition; the widget reads large rings from
    ring_index.py instead, because building a 128,000-point ring means hashing and
    sorting all of it.
    """
    if not 1 <= shards <= MAX_SHARDS or not 1 <= vnodes <= MAX_VNODES:
        raise ValueError(f"ring needs 1-{MAX_SHARDS} shards and 1-{MAX_VNODES} vnodes")
    points = sorted(chain.from_iterable(shard_points(shard, vnodes) for shard in range(shards)))
    return Ring(shards=shards, vnodes=vnodes, points=tuple(points))


def ring_shard(key64: int, shards: int, vnodes: int) -> int:
    """Consistent hashing: the shard of the first virtual node clockwise from the key."""
    return build_ring(shards, vnodes).owner(key64)


@lru_cache(maxsize=1)
def shard_seeds() -> tuple[int, ...]:
    """Every shard's rendezvous seed (top 64 bits of MD5("shard-s")), computed once."""
    return tuple(shard_seed(shard) for shard in range(MAX_SHARDS))


def rendezvous_score(key64: int, shard: int) -> int:
    """How much shard `shard` wants the key: splitmix64(key XOR seed of the shard)."""
    return mix64(key64 ^ shard_seeds()[shard])


def rendezvous_shard(key64: int, shards: int) -> int:
    """Rendezvous hashing: the shard with the highest score wins (ties: lowest number)."""
    best_shard, best_score = 0, -1
    for shard in range(shards):
        score = rendezvous_score(key64, shard)
        if score > best_score:
            best_shard, best_score = shard, score
    return best_shard


def jump_hash(key64: int, buckets: int) -> int:
    """Jump consistent hash, Lamping and Veach (2014), Figure 1, with 64-bit wraparound.

        b, j = -1, 0
        while j < buckets:
            b = j
            key = key * 2862933555777941757 + 1          (mod 2**64)
            j = floor((b + 1) * (2**31 / ((key >> 33) + 1)))
        return b

    Each step jumps forward to the next bucket count at which the key would move; the
    jumps are spaced so that growing to n buckets moves exactly 1/n of the keys on average.
    """
    if buckets < 1:
        raise ValueError("jump hash needs at least one bucket")
    key = key64 & MASK64
    bucket, jump = -1, 0
    while jump < buckets:
        bucket = jump
        key = (key * JUMP_MULTIPLIER + 1) & MASK64
        jump = int((bucket + 1) * (float(1 << 31) / float((key >> 33) + 1)))
    return bucket
