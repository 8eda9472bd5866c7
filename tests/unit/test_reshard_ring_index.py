"""The sorted index of every virtual node gives exactly the rings placement.py defines."""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core.runtime import make_handler
from widgets.reshard.counting import _index_starts, key_positions, ring_owners
from widgets.reshard.hashing import MASK64, vnode_position
from widgets.reshard.limits import MAX_SHARDS, MAX_VNODES
from widgets.reshard.placement import build_ring, ring_shard
from widgets.reshard.ring_index import DENSE_POINTS, ring_index
from widgets.reshard.spec import SPEC

handle = make_handler("widgets")

shard_counts = st.integers(min_value=1, max_value=MAX_SHARDS)
vnode_counts = st.integers(min_value=1, max_value=MAX_VNODES)


def _replica(index: int) -> int:
    ring = ring_index()
    return 8 * ring.replica_high[index] + ring.replica_low[index]


def test_index_holds_every_virtual_node_once_in_clockwise_order() -> None:
    """128 x 1,000 nodes, sorted by position, each at its MD5 position with its own name."""
    index = ring_index()
    assert len(index) == MAX_SHARDS * MAX_VNODES
    assert all(a <= b for a, b in zip(index.positions, index.positions[1:], strict=False))
    assert Counter(index.shards) == {shard: MAX_VNODES for shard in range(MAX_SHARDS)}
    names = {(index.shards[i], _replica(i)) for i in range(len(index))}
    assert len(names) == len(index)  # no node twice, none missing
    for i in (0, 1, 4_999, 77_777, len(index) - 1):
        assert index.positions[i] == vnode_position(index.shards[i], _replica(i))


@given(shard_counts, vnode_counts)
@settings(max_examples=60, deadline=None)
def test_mask_marks_exactly_the_nodes_of_that_ring(shards: int, vnodes: int) -> None:
    """The mask for (M, V) has M * V ones, all on shards below M and replicas below V."""
    index = ring_index()
    mask = index.mask(shards, vnodes)
    assert len(mask) == len(index)
    assert set(mask) <= {0, 1}
    assert sum(mask) == shards * vnodes
    for i in range(0, len(index), 997):  # a spread of nodes, both kinds
        expected = index.shards[i] < shards and _replica(i) < vnodes
        assert mask[i] == expected, (i, index.shards[i], _replica(i))


def test_mask_split_replica_boundaries() -> None:
    """V at multiples of 8 and one either side (where the replica byte split matters)."""
    index = ring_index()
    for vnodes in (1, 7, 8, 9, 15, 16, 17, 999, 1000):
        mask = index.mask(3, vnodes)
        kept = {_replica(i) for i in range(len(index)) if mask[i]}
        assert kept == set(range(vnodes)), vnodes


@given(
    st.lists(st.integers(min_value=0, max_value=MASK64), min_size=1, max_size=40),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=1, max_value=200),
)
@settings(max_examples=40, deadline=None)
def test_owners_equal_the_first_node_clockwise(keys: list[int], shards: int, vnodes: int) -> None:
    """Index owners equal build_ring's owner for any key, including past the last node."""
    index = ring_index()
    keys = [*keys, 0, MASK64, index.positions[-1], index.positions[0]]
    starts = [index.start(key) for key in keys]
    ring = build_ring(shards, vnodes)
    assert list(index.owners(starts, index.mask(shards, vnodes))) == [
        ring.owner(key) for key in keys
    ]


def test_ring_owners_agree_on_both_sides_of_the_dense_threshold() -> None:
    """Small rings (built directly) and large ones (read from the index) give the
    per-key owners of the definition, for the sample keys the widget uses."""
    count = 1500
    keys = key_positions(count)
    cases = [(1, 1), (3, 7), (2, DENSE_POINTS // 2 - 1), (2, DENSE_POINTS // 2), (128, 8)]
    cases += [(1, 1000), (128, 1000), (127, 999)]
    for shards, vnodes in cases:
        expected = [ring_shard(key, shards, vnodes) for key in keys]
        assert list(ring_owners(count, shards, vnodes)) == expected, (shards, vnodes)


def test_index_rejects_out_of_range_rings() -> None:
    """The index refuses the same sizes build_ring refuses."""
    index = ring_index()
    for shards, vnodes in ((0, 1), (129, 1), (1, 0), (1, 1001)):
        try:
            index.mask(shards, vnodes)
        except ValueError:
            continue
        raise AssertionError(f"mask({shards}, {vnodes}) should raise")


def test_warm_steps_fill_the_tables_the_widget_reads() -> None:
    """The browser's warm-up requests run each step in turn; afterwards the index and the
    keys' places on it are memoised. Bad step numbers are refused with a message."""
    ring_index.cache_clear()
    _index_starts.cache_clear()
    steps = len(SPEC.warm)
    for step in range(steps):
        reply = json.loads(handle(json.dumps({"kind": "warm", "widget": "reshard", "step": step})))
        assert reply == {"ok": True, "steps": steps}
    assert ring_index.cache_info().currsize == 1
    assert _index_starts.cache_info().currsize == 1
    for bad in (-1, steps, "0", None):
        request = {"kind": "warm", "widget": "reshard", "step": bad}
        reply = json.loads(handle(json.dumps(request)))
        assert reply["ok"] is False and reply["param"] == "step", bad
    request = {"kind": "warm", "widget": "cache-hit-rate", "step": 0}
    assert json.loads(handle(json.dumps(request)))["ok"] is False  # it declares no steps
    assert json.loads(handle(json.dumps({"kind": "warm", "widget": "nope"})))["ok"] is False


def test_index_equals_the_one_built_in_a_single_pass() -> None:
    """Building in slices (hash blocks, then the order) gives the same index as sorting
    all (position, shard, replica) triples at once."""
    index = ring_index()
    triples = sorted(
        (vnode_position(shard, replica), shard, replica)
        for shard in range(MAX_SHARDS)
        for replica in range(MAX_VNODES)
    )
    assert list(index.positions) == [t[0] for t in triples]
    assert list(index.shards) == [t[1] for t in triples]
    assert [_replica(i) for i in range(len(index))] == [t[2] for t in triples]
