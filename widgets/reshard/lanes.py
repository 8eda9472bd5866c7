"""Rendezvous scores for thousands of keys at once, packed into one Python integer.

Rendezvous hashing needs a score for every (key, shard) pair: 2,048 keys x 128 shards is
262,144 splitmix64 evaluations, too slow one at a time in the browser. Python integers
have arbitrary size, and XOR, AND, shifts and multiplication by a small constant run in C
over the whole number. So R keys are packed into one integer, one 64-bit value per
128-bit lane (the upper half of each lane is headroom that stays zero):

    packed = key_0 + key_1 * 2**128 + key_2 * 2**256 + ...

A 64-bit lane times a 64-bit constant fits in 128 bits, so products never spill into the
next lane; after each shift or multiply, AND with `low` (2**64 - 1 in every lane) clears
the headroom again. One pass of a dozen whole-integer operations therefore computes
splitmix64 for every key against one shard, and a borrow-free subtraction compares the
new scores with the best so far, lane by lane. The result is identical to
`placement.rendezvous_shard`, key by key (the tests check this).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence

from widgets.reshard.hashing import MASK64, SPLITMIX_C1, SPLITMIX_C2

LANE_BYTES = 16


def _words(count: int) -> array:
    words = array("Q", bytes(8 * 2 * count))
    if words.itemsize != 8:  # pragma: no cover - every supported platform has 8-byte 'Q'
        raise RuntimeError("array('Q') is not 64 bits here")
    return words


def pack(values: Sequence[int]) -> int:
    """Put each 64-bit value in the low half of its own 128-bit lane of one integer."""
    words = _words(len(values))
    words[0::2] = array("Q", values)
    if sys.byteorder == "big":  # pragma: no cover - little-endian everywhere we run
        words.byteswap()
    return int.from_bytes(words.tobytes(), "little")


def unpack(packed: int, count: int) -> list[int]:
    """The low 64 bits of each of the first `count` lanes."""
    words = _words(0)
    words.frombytes(packed.to_bytes(LANE_BYTES * count, "little"))
    if sys.byteorder == "big":  # pragma: no cover
        words.byteswap()
    return words[0::2].tolist()


def rendezvous_winners(keys64: Sequence[int], seeds: Sequence[int]) -> tuple[bytes, ...]:
    """For every shard count n = 1 ... len(seeds): the winning shard of each key.

    Entry n - 1 of the result holds one byte per key (shard numbers are below 256).
    Shards are scored in order 0, 1, 2, ... and each key keeps its best score so far, so
    after scoring shard s the running winners are exactly the rendezvous placement for
    s + 1 shards (ties go to the lower shard number, as in `placement.rendezvous_shard`).
    """
    if len(seeds) > 256:
        raise ValueError("winners are stored as bytes: at most 256 shards")
    count = len(keys64)
    if count == 0:
        return tuple(b"" for _ in seeds)
    ones = pack([1] * count)  # 1 in every lane
    low = ones * MASK64  # 2**64 - 1 in every lane: clears the headroom
    bit64 = ones << 64  # bit 64 of every lane: the borrow guard for comparisons
    keys = pack(keys64)
    best = 0
    winner = 0
    table: list[bytes] = []
    for shard, seed in enumerate(seeds):
        z = keys ^ (ones * seed)
        z = (((z ^ (z >> 30)) & low) * SPLITMIX_C1) & low
        z = (((z ^ (z >> 27)) & low) * SPLITMIX_C2) & low
        z = (z ^ (z >> 31)) & low
        # Per lane, 2**64 + best - z is positive, so no lane borrows from the next;
        # its bit 64 is set exactly when best >= z.
        keeps = (((best | bit64) - z) >> 64) & ones
        takes = (keeps ^ ones) * MASK64  # all ones in lanes where z beats the best
        best ^= (best ^ z) & takes
        winner ^= (winner ^ (ones * shard)) & takes
        table.append(bytes(unpack(winner, count)))
    return tuple(table)
