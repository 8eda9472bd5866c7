"""Every virtual node of every shard, sorted once, so no ring is ever sorted again.

The ring for M shards with V virtual nodes each (placement.build_ring) holds M * V
points in clockwise order. Sorting 128,000 of them takes about 50 ms in Pyodide,
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
import sys
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import add

from widgets.reshard.limits import MAX_SHARDS, MAX_VNODES

if MAX_SHARDS > 256 or (MAX_VNODES - 1) >> 3 > 255:  # pragma: no cover - configuration
    raise ValueError("ring_index packs a shard and half a replica number into one byte each")

DENSE_POINTS = 1_024
"""Rings with at least this many virtual nodes are read from the index (the mask has a 1
every 125 bytes or closer); smaller ones are built and binary-searched directly."""

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

    def owners(self, starts: Sequence[int], mask: bytes) -> bytes:
        """The shard of each key, given each key's `start` and the ring's `mask`: the first
        virtual node at or after the key that is on the ring, wrapping past the end to the
        ring's first node."""
        found = list(map(mask.find, repeat(1), starts))
        if -1 in found:
            first = mask.find(1)
            found = [first if index < 0 else index for index in found]
        return bytes(map(self.shards.__getitem__, found))


HASH_BLOCK = 32
"""Shards hashed per block: about 40 ms of work in the browser, one slice of warm-up."""


@lru_cache(maxsize=MAX_SHARDS // HASH_BLOCK + 1)
def position_block(block: int) -> array:
    """Ring positions of the virtual nodes of shards block * HASH_BLOCK ... (+HASH_BLOCK - 1),
    shard-major: the same numbers as hashing.vnode_position, the top 64 bits of
    MD5("shard-s#r"), read from all the digests at once as native 64-bit words."""
    md5 = hashlib.md5
    replicas = [b"%d" % replica for replica in range(MAX_VNODES)]
    shards = range(block * HASH_BLOCK, min((block + 1) * HASH_BLOCK, MAX_SHARDS))
    digests = b"".join(
        [
            md5(prefix + replica, usedforsecurity=False).digest()
            for prefix in (f"shard-{shard}#".encode() for shard in shards)
            for replica in replicas
        ]
    )
    words = array("Q", digests)  # two words per digest; the first holds the top 64 bits
    if sys.byteorder == "little":
        words.byteswap()  # MD5 digests are read big-endian
    return words[0::2]


def _vnode_positions() -> array:
    """Every virtual node's ring position: shard s, replica r at index s * MAX_VNODES + r."""
    positions = array("Q")
    for block in range(-(-MAX_SHARDS // HASH_BLOCK)):
        positions.extend(position_block(block))
    return positions


@lru_cache(maxsize=1)
def clockwise_order() -> array:
    """Node numbers (s * MAX_VNODES + r) sorted by ring position. The sort is stable and
    the numbers are shard-major, so equal positions (never seen with MD5, but possible)
    keep the order of placement.Ring: lower shard first."""
    positions = _vnode_positions()
    return array("I", sorted(range(len(positions)), key=positions.__getitem__))


def _low_words() -> array:
    """shard << 16 | (replica >> 3) << 8 | (replica & 7), in the order of _vnode_positions:
    read as little-endian bytes, that is replica_low, replica_high, shard, 0."""
    replicas = array(
        "I",
        [
            (replica >> _LOW_BITS) << 8 | (replica & ((1 << _LOW_BITS) - 1))
            for replica in range(MAX_VNODES)
        ],
    )
    words = array("I")
    for shard in range(MAX_SHARDS):
        words.extend(array("I", map(add, replicas, repeat(shard << 16))))
    if words.itemsize != 4:  # pragma: no cover - C unsigned int is 4 bytes where Python runs
        raise RuntimeError("ring_index needs 4-byte unsigned ints")
    return words


@lru_cache(maxsize=1)
def ring_index() -> RingIndex:
    """Every virtual node in clockwise order (memoised; about 0.4 s in the browser from
    nothing, in slices for warm-up: position_block, clockwise_order, then this).

    The fields are gathered in clockwise order; the low words' bytes, four per node,
    split into the three byte columns by slicing.
    """
    positions = _vnode_positions()
    order = clockwise_order()
    low = array("I", map(_low_words().__getitem__, order))
    if sys.byteorder == "big":  # pragma: no cover - WebAssembly and x86 are little-endian
        low.byteswap()
    raw = low.tobytes()
    return RingIndex(
        positions=array("Q", map(positions.__getitem__, order)),
        shards=raw[2::4],
        replica_high=raw[1::4],
        replica_low=raw[0::4],
    )
