"""Every virtual node of every shard, sorted once, so no ring is ever sorted again.

The ring for M shards with V virtual nodes each (placement.build_ring) holds M * V
points in clockwise order. Sorting 128,000 of them takes about 50 ms in the browser,
half the time budget of a recompute, and a reader dragging the V slider would pay it on
every step. Instead, this index sorts all MAX_SHARDS * MAX_VNODES virtual nodes once.
The ring for any (M, V) is the subset with shard < M and replica < V, already in
clockwise order, described by a mask: one byte per virtual node, 1 if it is on the ring.

A key's owner is the first virtual node clockwise from it that is on the ring. Where the
key falls among all virtual nodes never changes (one binary search per key, done once),
so for each (M, V) it takes one `bytes.find` from there: a scan in C for the next 1 in
the mask. The mask itself is built with `bytes.translate` and integer bit operations,
also in C, so a recompute never loops over the 128,000 nodes in Python.

When the ring is small (M * V below DENSE_POINTS) the 1s in the mask are far apart and
scanning for them costs more than it saves; counting.py then builds the small ring
directly, which is cheap at that size.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import and_, rshift

from widgets.reshard.limits import MAX_SHARDS, MAX_VNODES

DENSE_POINTS = 1_024
"""Rings with at least this many virtual nodes are read from the index (the mask has a 1
every 125 bytes or closer); smaller ones are built and binary-searched directly."""

_REPLICA_BITS = max(MAX_VNODES - 1, 1).bit_length()
_SHARD_BITS = max(MAX_SHARDS - 1, 1).bit_length()
_LOW_BITS = 3
"""A replica number r is split as r = 8 * high + low so each half fits in one byte."""


def _below(limit: int) -> bytes:
    """A bytes.translate table that maps each byte b to 1 if b < limit, else 0."""
    return bytes(1 if value < limit else 0 for value in range(256))


def _equal(target: int) -> bytes:
    """A bytes.translate table that maps each byte b to 1 if b == target, else 0."""
    return bytes(1 if value == target else 0 for value in range(256))


def _bits(flags: bytes) -> int:
    """0/1 bytes as one big integer, so `&` and `|` combine whole masks at once."""
    return int.from_bytes(flags, "little")


@dataclass(frozen=True)
class RingIndex:
    """All virtual nodes in clockwise order (ties: lower shard, then lower replica first).

    `positions[i]` is the ring position of the i-th virtual node, `shards[i]` its shard,
    and its replica number is `8 * replica_high[i] + replica_low[i]`.
    """

    positions: array
    shards: bytes
    replica_high: bytes
    replica_low: bytes

    def __len__(self) -> int:
        return len(self.shards)

    def start(self, position: int) -> int:
        """Index of the first virtual node at or after `position` (len(self) past the end)."""
        return bisect_left(self.positions, position)

    def mask(self, shards: int, vnodes: int) -> bytes:
        """1 for each virtual node on the ring of `shards` shards with `vnodes` replicas each.

        replica < vnodes splits into bytes as: high < vnodes // 8, or high == vnodes // 8
        and low < vnodes % 8.
        """
        if not 1 <= shards <= MAX_SHARDS or not 1 <= vnodes <= MAX_VNODES:
            raise ValueError(f"ring needs 1-{MAX_SHARDS} shards and 1-{MAX_VNODES} vnodes")
        high, low = divmod(vnodes, 1 << _LOW_BITS)
        on_shard = _bits(self.shards.translate(_below(shards)))
        on_replica = _bits(self.replica_high.translate(_below(high))) | (
            _bits(self.replica_high.translate(_equal(high)))
            & _bits(self.replica_low.translate(_below(low)))
        )
        return (on_shard & on_replica).to_bytes(len(self), "little")

    def owners(self, starts: Sequence[int], shards: int, vnodes: int) -> bytes:
        """The shard of each key, given each key's `start`: the first virtual node at or
        after it that is on the ring, wrapping past the end to the ring's first node."""
        mask = self.mask(shards, vnodes)
        found = list(map(mask.find, repeat(1), starts))
        if -1 in found:
            first = mask.find(1)
            found = [first if index < 0 else index for index in found]
        return bytes(map(self.shards.__getitem__, found))


def _vnode_points(shard: int) -> list[int]:
    """Shard `shard`'s virtual nodes #0 ... #MAX_VNODES-1 packed as sortable integers:
    position, then shard, then replica (the same positions as hashing.vnode_position)."""
    md5 = hashlib.md5
    from_bytes = int.from_bytes
    prefix = f"shard-{shard}#".encode()
    tag = shard << _REPLICA_BITS
    return [
        (
            from_bytes(md5(prefix + b"%d" % replica, usedforsecurity=False).digest()[:8], "big")
            << (_SHARD_BITS + _REPLICA_BITS)
        )
        | tag
        | replica
        for replica in range(MAX_VNODES)
    ]


@lru_cache(maxsize=1)
def ring_index() -> RingIndex:
    """Hash and sort every virtual node once (memoised: about 0.4 s in the browser)."""
    points: list[int] = []
    for shard in range(MAX_SHARDS):
        points.extend(_vnode_points(shard))
    points.sort()
    replica_mask = (1 << _REPLICA_BITS) - 1
    replicas = list(map(and_, points, repeat(replica_mask)))
    return RingIndex(
        positions=array("Q", map(rshift, points, repeat(_SHARD_BITS + _REPLICA_BITS))),
        shards=bytes(
            map(and_, map(rshift, points, repeat(_REPLICA_BITS)), repeat((1 << _SHARD_BITS) - 1))
        ),
        replica_high=bytes(map(rshift, replicas, repeat(_LOW_BITS))),
        replica_low=bytes(map(and_, replicas, repeat((1 << _LOW_BITS) - 1))),
    )
