"""Place many keys at once and count, exactly, how many move and where they land.

The definitions are in placement.py; this module gives the same answers for up to
SAMPLE_LIMIT keys fast enough for the browser:

- Modulo: two lists of `hash mod n`, compared key by key.
- Ring: the ring for the larger shard count is searched with binary search (`bisect`),
  key by key or, when there are fewer virtual nodes than keys, arc by arc.
- Jump: each key's jumps up to 128 buckets are worked out once; they say which bucket
  the key is in for every bucket count.
- Rendezvous: each key's winner for every shard count 1 ... 128, found once (lanes.py)
  and compared key by key.

Everything per key is computed once for the first SAMPLE_LIMIT keys (memoised with
functools.lru_cache) and a widget with K keys uses the first K of them, so changing K
or the shard counts does not redo the slow parts. Only the ring depends on V.

Ring and jump are *monotone*: with the larger shard count `big` and the smaller `small`,
a key's shard is the same in both unless the key sits on one of the shards
small ... big-1 in the bigger layout. So the keys that move are exactly the keys those
shards hold:

    moved = sum(loads_big[s] for s in range(small, big))

The tests check this against a key-by-key comparison of owners.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import ne

from widgets.reshard.hashing import MASK64, key_hashes
from widgets.reshard.lanes import rendezvous_winners
from widgets.reshard.limits import MAX_SHARDS, RENDEZVOUS_SAMPLE, SAMPLE_LIMIT
from widgets.reshard.placement import (
    JUMP_MULTIPLIER,
    SHARD_BITS,
    SHARD_MASK,
    Ring,
    build_ring,
    shard_seeds,
)


@dataclass(frozen=True)
class Movement:
    """What one scheme does to `keys` keys when `before` shards become `after` shards."""

    keys: int
    moved: int
    before: tuple[int, ...]
    """Keys per shard with the old shard count."""
    after: tuple[int, ...]
    """Keys per shard with the new shard count."""


def _loads(owners: Sequence[int], shards: int) -> tuple[int, ...]:
    counts = Counter(owners)
    return tuple(counts.get(shard, 0) for shard in range(shards))


def _check(count: int, limit: int) -> None:
    if not 1 <= count <= limit:
        raise ValueError(f"can place 1 to {limit:,} keys at once, not {count:,}")


@lru_cache(maxsize=1)
def _sample_hashes() -> tuple[int, ...]:
    return key_hashes(SAMPLE_LIMIT)


@lru_cache(maxsize=1)
def _sample_positions() -> tuple[int, ...]:
    return tuple([value >> 64 for value in _sample_hashes()])


def sample_hashes(count: int) -> tuple[int, ...]:
    """128-bit hashes of user:0 ... user:count-1 (count <= SAMPLE_LIMIT)."""
    _check(count, SAMPLE_LIMIT)
    return _sample_hashes()[:count]


def key_positions(count: int) -> tuple[int, ...]:
    """Top 64 bits of those hashes: ring positions and the jump/rendezvous inputs."""
    _check(count, SAMPLE_LIMIT)
    return _sample_positions()[:count]


def modulo_movement(count: int, before: int, after: int) -> Movement:
    """Modulo hashing on keys user:0 ... user:count-1: compare `hash mod n` key by key."""
    hashes = sample_hashes(count)
    old = [value % before for value in hashes]
    new = [value % after for value in hashes]
    return Movement(
        keys=count,
        moved=sum(map(ne, old, new)),
        before=_loads(old, before),
        after=_loads(new, after),
    )


def _from_big_and_small(
    count: int, before: int, after: int, big_loads: Sequence[int], small_loads: Sequence[int]
) -> Movement:
    """Assemble a monotone scheme's movement from its loads on the bigger and smaller
    shard counts: the keys that move are those on the shards only the bigger one has."""
    small = min(before, after)
    big, little = tuple(big_loads), tuple(small_loads)
    return Movement(
        keys=count,
        moved=sum(big[small:]),
        before=big if before > after else little,
        after=little if before > after else big,
    )


def ring_movement(count: int, before: int, after: int, vnodes: int) -> Movement:
    """Consistent hashing with `vnodes` virtual nodes per shard, on keys user:0 ... count-1."""
    _check(count, SAMPLE_LIMIT)
    big, small = max(before, after), min(before, after)
    ring = build_ring(big, vnodes)
    if count <= len(ring.points):
        big_loads, small_loads = _ring_loads_by_key(count, ring, small)
    else:
        big_loads, small_loads = _ring_loads_by_arc(count, ring, small)
    return _from_big_and_small(count, before, after, big_loads, small_loads)


@lru_cache(maxsize=2)
def _sorted_shifted_positions(count: int) -> tuple[int, ...]:
    """Key positions shifted like ring points (see placement.Ring), in clockwise order."""
    return tuple(sorted([position << SHARD_BITS for position in key_positions(count)]))


def _ring_owners(ring: Ring, keys: Sequence[int]) -> list[int]:
    """The owner of each (shifted) key position: bisect, wrap around, read the low bits."""
    wrapped = (*ring.points, ring.points[0])  # index len(points) wraps to the first node
    nodes = map(wrapped.__getitem__, map(bisect_left, repeat(ring.points), keys))
    return [node & SHARD_MASK for node in nodes]


def _ring_loads_by_key(count: int, ring: Ring, small: int) -> tuple[list[int], list[int]]:
    """Binary-search every key on the big ring; re-place only the moved keys on the small one.

    A moved key's owner on the small ring is the first node clockwise from its big-ring
    node that belongs to a shard below `small`. When most shards survive that node is a
    step or two away, so walk to it; when few survive, build the small ring (small * V
    points) and binary-search it instead.
    """
    keys = _sorted_shifted_positions(count)  # clockwise order: kinder to the CPU cache
    points = ring.points
    size = len(points)
    nodes = [i if i < size else 0 for i in map(bisect_left, repeat(points), keys)]
    owners = [points[i] & SHARD_MASK for i in nodes]
    big_loads = list(_loads(owners, ring.shards))
    small_loads = big_loads[:small]
    if small == ring.shards:
        return big_loads, small_loads
    if 4 * small < ring.shards:
        moved = [key for key, owner in zip(keys, owners, strict=True) if owner >= small]
        for shard, won in Counter(_ring_owners(build_ring(small, ring.vnodes), moved)).items():
            small_loads[shard] += won
        return big_loads, small_loads
    moved_nodes = [node for node, owner in zip(nodes, owners, strict=True) if owner >= small]
    for node in moved_nodes:
        owner = points[node] & SHARD_MASK
        while owner >= small:
            node = node + 1 if node + 1 < size else 0
            owner = points[node] & SHARD_MASK
        small_loads[owner] += 1
    return big_loads, small_loads


def _ring_loads_by_arc(count: int, ring: Ring, small: int) -> tuple[list[int], list[int]]:
    """Count the keys on each arc (between one virtual node and the next) with bisect.

    Virtual node i owns the keys in (node i-1, node i]; node 0 also owns the keys after
    the last node (the wrap-around). On the small ring, the arcs of removed shards' nodes
    pass on to the next surviving node clockwise.
    """
    keys = _sorted_shifted_positions(count)
    upto = list(map(bisect_right, repeat(keys), ring.points))
    big_loads = [0] * ring.shards
    small_loads = [0] * small
    previous = upto[-1] - count  # so node 0's arc includes the wrap-around
    pending = 0  # keys on arcs of removed nodes, waiting for the next surviving node
    for point, end in zip(ring.points, upto, strict=True):
        owner = point & SHARD_MASK
        arc = end - previous
        previous = end
        big_loads[owner] += arc
        if owner < small:
            small_loads[owner] += arc + pending
            pending = 0
        else:
            pending += arc
    if pending:
        first_survivor = next(p & SHARD_MASK for p in ring.points if p & SHARD_MASK < small)
        small_loads[first_survivor] += pending
    return big_loads, small_loads


@lru_cache(maxsize=1)
def _jump_spans() -> tuple[array, tuple[int, ...]]:
    """Every sample key's stays, as in `placement.jump_hash` run up to MAX_SHARDS buckets.

    A key sits in bucket b for every bucket count n with b < n <= e, where e is its next
    jump (capped at MAX_SHARDS). Each stay (b, e) is packed as b * (MAX_SHARDS + 1) + e.
    Returns the stays of all keys in key order, and where each key's stays end, so the
    first K keys' stays are `spans[:ends[K - 1]]` (an array of 16-bit numbers, to stay small).
    """
    stride = MAX_SHARDS + 1
    two31 = float(1 << 31)
    spans = array("H")
    ends: list[int] = []
    append = spans.append
    for key64 in _sample_positions():
        key, bucket = key64, 0
        while True:
            key = (key * JUMP_MULTIPLIER + 1) & MASK64
            jump = int((bucket + 1) * (two31 / float((key >> 33) + 1)))
            if jump >= MAX_SHARDS:
                append(bucket * stride + MAX_SHARDS)
                break
            append(bucket * stride + jump)
            bucket = jump
        ends.append(len(spans))
    return spans, tuple(ends)


@dataclass(frozen=True)
class LoadTable:
    """`loads[n - 1][s]`: keys a monotone scheme puts on shard s when there are n shards."""

    keys: int
    loads: tuple[tuple[int, ...], ...]

    def movement(self, before: int, after: int) -> Movement:
        big, small = max(before, after), min(before, after)
        return _from_big_and_small(
            self.keys, before, after, self.loads[big - 1], self.loads[small - 1]
        )


@lru_cache(maxsize=2)
def jump_table(count: int) -> LoadTable:
    """Jump hash of keys user:0 ... count-1 for every bucket count 1 ... MAX_SHARDS."""
    _check(count, SAMPLE_LIMIT)
    spans, ends = _jump_spans()
    stride = MAX_SHARDS + 1
    # stays[b][e]: keys that sit in bucket b for bucket counts b+1 ... e.
    stays = [[0] * stride for _ in range(MAX_SHARDS)]
    for packed, keys in Counter(spans[: ends[count - 1]]).items():
        stays[packed // stride][packed % stride] += keys
    loads = [[0] * n for n in range(1, MAX_SHARDS + 1)]
    for bucket in range(MAX_SHARDS):
        still_here = 0
        for n in range(MAX_SHARDS, bucket, -1):
            still_here += stays[bucket][n]
            loads[n - 1][bucket] = still_here
    return LoadTable(keys=count, loads=tuple(tuple(row) for row in loads))


def jump_movement(count: int, before: int, after: int) -> Movement:
    """Jump hash from `before` to `after` buckets, on keys user:0 ... count-1."""
    return jump_table(count).movement(before, after)


@lru_cache(maxsize=1)
def _rendezvous_winners() -> tuple[bytes, ...]:
    """Each of the first RENDEZVOUS_SAMPLE keys' rendezvous shard, for 1 ... 128 shards."""
    return rendezvous_winners(_sample_positions()[:RENDEZVOUS_SAMPLE], shard_seeds())


def rendezvous_movement(count: int, before: int, after: int) -> Movement:
    """Rendezvous hashing from `before` to `after` shards, on keys user:0 ... count-1."""
    _check(count, RENDEZVOUS_SAMPLE)
    winners = _rendezvous_winners()
    old, new = winners[before - 1][:count], winners[after - 1][:count]
    return Movement(
        keys=count,
        moved=sum(map(ne, old, new)),
        before=_loads(old, before),
        after=_loads(new, after),
    )
