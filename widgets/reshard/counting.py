"""Place many keys at once and count, exactly, how many move and where they land.

The definitions are in placement.py; this module gives the same answers for up to
SAMPLE_LIMIT keys fast enough for the browser:

- Modulo: two lists of `hash mod n`, compared key by key.
- Ring: each key's owner is read from one sorted index of every virtual node
  (ring_index.py), so changing V or the shard counts never sorts a ring again.
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
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import repeat
from operator import and_, ne

from widgets.reshard.hashing import MASK64, key_hashes
from widgets.reshard.lanes import rendezvous_winners
from widgets.reshard.limits import MAX_SHARDS, RENDEZVOUS_SAMPLE, SAMPLE_LIMIT
from widgets.reshard.placement import (
    JUMP_MULTIPLIER,
    SHARD_BITS,
    SHARD_MASK,
    build_ring,
    shard_seeds,
)
from widgets.reshard.ring_index import (
    DENSE_POINTS,
    HASH_BLOCK,
    clockwise_order,
    position_block,
    ring_index,
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
    big_loads = _loads(ring_owners(count, big, vnodes), big)
    small_loads = big_loads if small == big else _loads(ring_owners(count, small, vnodes), small)
    return _from_big_and_small(count, before, after, big_loads, small_loads)


def ring_owners(count: int, shards: int, vnodes: int) -> Sequence[int]:
    """The ring shard of each of keys user:0 ... count-1, for `shards` shards with
    `vnodes` virtual nodes each: read from the sorted index of all virtual nodes, or, for
    a small ring, by binary search on the ring itself (see ring_index.py)."""
    _check(count, SAMPLE_LIMIT)
    if shards * vnodes >= DENSE_POINTS:
        return ring_index().owners(_index_starts()[:count], _ring_mask(shards, vnodes))
    ring = build_ring(shards, vnodes)
    wrapped = (*ring.points, ring.points[0])  # index len(points) wraps to the first node
    keys = _shifted_positions()[:count]
    nodes = map(wrapped.__getitem__, map(bisect_left, repeat(ring.points), keys))
    return bytes(map(and_, nodes, repeat(SHARD_MASK)))


@lru_cache(maxsize=4)
def _ring_mask(shards: int, vnodes: int) -> bytes:
    """The index mask of a ring (memoised: a recompute asks for the same two rings for
    its counts and again for the picture's sample keys)."""
    return ring_index().mask(shards, vnodes)


@lru_cache(maxsize=1)
def _shifted_positions() -> tuple[int, ...]:
    """Sample key positions shifted like ring points (see placement.Ring)."""
    return tuple([position << SHARD_BITS for position in _sample_positions()])


@lru_cache(maxsize=1)
def _index_starts() -> array:
    """Where each sample key falls among all virtual nodes (see ring_index.RingIndex)."""
    return array("I", map(ring_index().start, _sample_positions()))


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


WARM_STEPS: tuple[Callable[[], object], ...] = (
    *(partial(position_block, block) for block in range(-(-MAX_SHARDS // HASH_BLOCK))),
    clockwise_order,
    ring_index,
    _index_starts,
)
"""The slow one-off work, in slices the browser runs while the reader reads: hash and
sort every virtual node into the index and place the sample keys on it (about 0.4 s in
all), so that the first large ring a reader asks for is as quick as every later one.
The other slow tables are filled by the widget's default run, which the Python
snapshot already holds."""
