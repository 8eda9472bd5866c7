"""The four placement schemes, one key at a time: definitions, test vectors, properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.reshard.hashing import MASK64, vnode_position
from widgets.reshard.placement import (
    SHARD_BITS,
    build_ring,
    jump_hash,
    modulo_shard,
    rendezvous_score,
    rendezvous_shard,
    ring_shard,
)

keys64 = st.integers(min_value=0, max_value=MASK64)
shard_counts = st.integers(min_value=1, max_value=128)

# Google Guava, HashingTest.testConsistentHash_linearCongruentialGeneratorCompatibility:
# "golden values to see that implementations across languages are equivalent".
GUAVA_GOLDEN_100 = (0, 55, 62, 8, 45, 59, 86, 97, 82, 59, 73, 37, 17, 56, 86, 21, 90, 37, 38, 83)
GUAVA_GOLDEN_OTHERS = (
    (10863919174838991, 11, 6),
    (2016238256797177309, 11, 3),
    (1673758223894951030, 11, 5),
    (2, 100001, 80343),
    (2201, 100001, 22152),
    (2202, 100001, 15018),
)


def test_jump_hash_matches_guava_golden_values() -> None:
    """jump_hash reproduces the cross-language golden values from Guava's tests."""
    assert tuple(jump_hash(key, 100) for key in range(20)) == GUAVA_GOLDEN_100
    for key, buckets, expected in GUAVA_GOLDEN_OTHERS:
        assert jump_hash(key, buckets) == expected


@given(keys64, st.integers(min_value=1, max_value=300))
def test_jump_hash_only_moves_keys_to_the_new_bucket(key: int, buckets: int) -> None:
    """Adding bucket n either keeps a key where it was or moves it to bucket n (Guava's check)."""
    before, after = jump_hash(key, buckets), jump_hash(key, buckets + 1)
    assert 0 <= before < buckets
    assert after in (before, buckets)


def test_jump_hash_rejects_zero_buckets() -> None:
    """Zero buckets is an error, not an infinite loop or -1."""
    try:
        jump_hash(1, 0)
    except ValueError:
        return
    raise AssertionError("jump_hash(1, 0) should raise")


@given(st.integers(min_value=0, max_value=(1 << 128) - 1), shard_counts)
def test_modulo_is_hash_mod_n(key_hash: int, shards: int) -> None:
    """Modulo hashing is exactly hash mod n."""
    assert modulo_shard(key_hash, shards) == key_hash % shards


@given(keys64, shard_counts)
def test_rendezvous_picks_the_highest_score(key: int, shards: int) -> None:
    """The rendezvous winner has the highest score of all shards (lowest number on ties)."""
    winner = rendezvous_shard(key, shards)
    scores = [rendezvous_score(key, shard) for shard in range(shards)]
    assert scores[winner] == max(scores)
    assert winner == scores.index(max(scores))


@given(keys64, st.integers(min_value=1, max_value=127))
def test_rendezvous_only_moves_keys_to_the_new_shard(key: int, shards: int) -> None:
    """Adding a shard moves a key only if the new shard outscores the old winner."""
    before, after = rendezvous_shard(key, shards), rendezvous_shard(key, shards + 1)
    assert after in (before, shards)


def test_ring_holds_every_virtual_node_sorted() -> None:
    """A ring of n shards and V vnodes has n*V points, sorted, each at its MD5 position."""
    ring = build_ring(3, 7)
    assert len(ring.points) == 21
    assert list(ring.points) == sorted(ring.points)
    assert sorted(zip(ring.positions, ring.owners, strict=True)) == sorted(
        (vnode_position(shard, replica), shard) for shard in range(3) for replica in range(7)
    )


def test_ring_owner_is_first_vnode_clockwise_and_wraps() -> None:
    """Keys go to the first virtual node at or after them; past the last one, to the first."""
    ring = build_ring(4, 5)
    positions, owners = ring.positions, ring.owners
    # a node whose clockwise neighbour belongs to another shard, so off-by-one shows
    i = next(i for i in range(1, len(owners) - 1) if owners[i] != owners[i + 1])
    assert ring.owner(positions[i]) == owners[i]  # exactly on a node: that node
    assert ring.owner(positions[i] - 1) == owners[i]
    assert ring.owner(positions[i] + 1) == owners[i + 1]
    assert ring.owner(0) == owners[0]
    assert owners[0] != owners[-1]
    assert ring.owner(positions[-1]) == owners[-1]
    assert ring.owner(positions[-1] + 1) == owners[0]  # wrap-around


@given(keys64, st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=30))
@settings(max_examples=60)
def test_ring_only_moves_keys_to_the_new_shard(key: int, shards: int, vnodes: int) -> None:
    """Adding a shard's virtual nodes moves a key only onto the new shard."""
    before, after = ring_shard(key, shards, vnodes), ring_shard(key, shards + 1, vnodes)
    assert after in (before, shards)


@given(keys64, st.integers(min_value=2, max_value=30), st.data())
@settings(max_examples=60)
def test_ring_owner_among_matches_the_smaller_ring(
    key: int, shards: int, data: st.DataObject
) -> None:
    """owner_among(p, k) on the big ring equals the owner on the ring of k shards."""
    vnodes = data.draw(st.integers(min_value=1, max_value=20))
    small = data.draw(st.integers(min_value=1, max_value=shards))
    ring = build_ring(shards, vnodes)
    assert ring.owner_among(key, small) == build_ring(small, vnodes).owner(key)
    assert ring.keep_shards_below(small).points == build_ring(small, vnodes).points


def test_ring_keeps_old_vnodes_when_vnodes_grow() -> None:
    """Raising V adds virtual nodes without moving the existing ones."""
    assert set(build_ring(5, 10).points) < set(build_ring(5, 11).points)


def test_ring_points_pack_position_and_shard() -> None:
    """A ring point is position << SHARD_BITS | shard, so it sorts by position."""
    ring = build_ring(2, 3)
    for point, position, owner in zip(ring.points, ring.positions, ring.owners, strict=True):
        assert point == (position << SHARD_BITS) | owner


def test_ring_rejects_out_of_range_sizes() -> None:
    """Rings need 1-128 shards and 1-1000 virtual nodes."""
    for shards, vnodes in ((0, 1), (129, 1), (1, 0), (1, 1001)):
        try:
            build_ring(shards, vnodes)
        except ValueError:
            continue
        raise AssertionError(f"build_ring({shards}, {vnodes}) should raise")
