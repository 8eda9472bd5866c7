"""Bulk counting agrees exactly with placing every key one by one and comparing owners."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.reshard.counting import (
    Movement,
    jump_movement,
    key_positions,
    modulo_movement,
    rendezvous_movement,
    ring_movement,
)
from widgets.reshard.hashing import key_hashes
from widgets.reshard.lanes import pack, rendezvous_winners, unpack
from widgets.reshard.placement import (
    jump_hash,
    modulo_shard,
    rendezvous_shard,
    ring_shard,
    shard_seeds,
)

shards = st.integers(min_value=1, max_value=128)


def _exact(owners_before: list[int], owners_after: list[int], n: int, m: int) -> Movement:
    """The reference: compare each key's owner before and after, and count per shard."""
    moved = sum(1 for old, new in zip(owners_before, owners_after, strict=True) if old != new)
    before, after = Counter(owners_before), Counter(owners_after)
    return Movement(
        keys=len(owners_before),
        moved=moved,
        before=tuple(before.get(s, 0) for s in range(n)),
        after=tuple(after.get(s, 0) for s in range(m)),
    )


@given(st.integers(min_value=1, max_value=1500), shards, shards)
@settings(max_examples=40, deadline=None)
def test_modulo_counts_match_owner_by_owner(count: int, n: int, m: int) -> None:
    """Modulo's moved count and loads equal a key-by-key comparison of owners."""
    hashes = key_hashes(count)
    expected = _exact(
        [modulo_shard(h, n) for h in hashes], [modulo_shard(h, m) for h in hashes], n, m
    )
    assert modulo_movement(count, n, m) == expected


@given(
    st.integers(min_value=1, max_value=1200),
    st.integers(min_value=1, max_value=24),
    st.integers(min_value=1, max_value=24),
    st.integers(min_value=1, max_value=120),
)
@settings(max_examples=40, deadline=None)
def test_ring_counts_match_owner_by_owner(count: int, n: int, m: int, vnodes: int) -> None:
    """The ring's moved count and loads equal a key-by-key comparison (both counting paths)."""
    keys = key_positions(count)
    expected = _exact(
        [ring_shard(k, n, vnodes) for k in keys], [ring_shard(k, m, vnodes) for k in keys], n, m
    )
    assert ring_movement(count, n, m, vnodes) == expected


def test_ring_counts_cover_both_paths_and_extremes() -> None:
    """Small rings and index-read rings (either side of DENSE_POINTS), growing and
    shrinking, including to one shard and at the maximum size."""
    count = 2000
    keys = key_positions(count)
    cases = ((4, 5, 10), (5, 4, 1000), (1, 9, 300), (9, 1, 1), (128, 3, 2), (6, 6, 5))
    for n, m, vnodes in (*cases, (128, 127, 1000), (2, 3, 512)):
        expected = _exact(
            [ring_shard(k, n, vnodes) for k in keys],
            [ring_shard(k, m, vnodes) for k in keys],
            n,
            m,
        )
        assert ring_movement(count, n, m, vnodes) == expected, (n, m, vnodes)


@given(st.integers(min_value=1, max_value=1500), shards, shards)
@settings(max_examples=25, deadline=None)
def test_jump_counts_match_owner_by_owner(count: int, n: int, m: int) -> None:
    """Jump's table gives the same moved count and loads as calling jump_hash per key."""
    keys = key_positions(count)
    expected = _exact([jump_hash(k, n) for k in keys], [jump_hash(k, m) for k in keys], n, m)
    assert jump_movement(count, n, m) == expected


@given(st.integers(min_value=1, max_value=300), shards, shards)
@settings(max_examples=15, deadline=None)
def test_rendezvous_counts_match_owner_by_owner(count: int, n: int, m: int) -> None:
    """Rendezvous' packed-lane table equals a key-by-key highest-score comparison."""
    keys = key_positions(count)
    expected = _exact(
        [rendezvous_shard(k, n) for k in keys], [rendezvous_shard(k, m) for k in keys], n, m
    )
    assert rendezvous_movement(count, n, m) == expected


def test_rendezvous_lanes_agree_for_every_shard_count() -> None:
    """Every row of the lanes table is per-key rendezvous for that many shards, key by key."""
    rng = random.Random(7)
    keys = [rng.getrandbits(64) for _ in range(97)] + [0, (1 << 64) - 1]
    winners = rendezvous_winners(keys, shard_seeds()[:40])
    assert len(winners) == 40
    for n in range(1, 41):
        assert list(winners[n - 1]) == [rendezvous_shard(k, n) for k in keys]


def test_counting_rejects_key_counts_outside_the_sample() -> None:
    """Asking for more keys than are memoised (or none) is an error, not a silent prefix."""
    for call in (
        lambda: modulo_movement(0, 1, 2),
        lambda: ring_movement(20_001, 1, 2, 3),
        lambda: rendezvous_movement(2_049, 1, 2),
    ):
        try:
            call()
        except ValueError:
            continue
        raise AssertionError("expected ValueError")


@given(st.lists(st.integers(min_value=0, max_value=(1 << 64) - 1), max_size=50))
def test_pack_and_unpack_round_trip(values: list[int]) -> None:
    """Packing 64-bit values into 128-bit lanes and unpacking gives them back."""
    assert unpack(pack(values), len(values)) == values


def test_movement_counts_are_consistent() -> None:
    """Loads before and after each add up to the keys placed; moved never exceeds them."""
    for movement in (
        modulo_movement(5000, 7, 9),
        ring_movement(5000, 7, 9, 50),
        jump_movement(5000, 7, 9),
        rendezvous_movement(2000, 7, 9),
    ):
        assert sum(movement.before) == sum(movement.after) == movement.keys
        assert 0 <= movement.moved <= movement.keys
        assert len(movement.before) == 7 and len(movement.after) == 9


def test_monotone_schemes_move_exactly_the_new_shards_keys() -> None:
    """Growing 10 -> 13, ring/jump/rendezvous move exactly the keys shards 10-12 now hold."""
    for movement in (
        ring_movement(4000, 10, 13, 40),
        jump_movement(4000, 10, 13),
        rendezvous_movement(2000, 10, 13),
    ):
        assert movement.moved == sum(movement.after[10:])
        assert all(old >= new for old, new in zip(movement.before, movement.after, strict=False))
