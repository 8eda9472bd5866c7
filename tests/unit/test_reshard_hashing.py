"""The reshard widget's hashes: stable, standard, and independent of PYTHONHASHSEED."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from widgets.reshard.hashing import (
    MASK64,
    key_hashes,
    key_name,
    md5_int,
    mix64,
    shard_seed,
    shard_vnode_positions,
    top64,
    vnode_name,
    vnode_position,
)

ROOT = Path(__file__).resolve().parents[2]


def test_md5_int_reads_the_digest_big_endian() -> None:
    """md5_int matches RFC 1321's test vectors read as big-endian integers."""
    assert md5_int("") == 0xD41D8CD98F00B204E9800998ECF8427E
    assert md5_int("abc") == 0x900150983CD24FB0D6963F7D28E17F72


def test_key_hashes_are_md5_of_the_utf8_key_names() -> None:
    """key_hashes(n)[i] is MD5('user:i') as a big-endian integer, in key order."""
    hashes = key_hashes(300)
    assert len(hashes) == 300
    for index in (0, 1, 42, 299):
        digest = hashlib.md5(f"user:{index}".encode()).digest()
        assert hashes[index] == int.from_bytes(digest, "big")
        assert key_name(index) == f"user:{index}"


def test_vnode_positions_are_the_top_64_bits_of_md5_of_their_names() -> None:
    """Virtual node v of shard s sits at top64(MD5('shard-s#v')), in bulk and one by one."""
    assert vnode_name(3, 17) == "shard-3#17"
    bulk = shard_vnode_positions(3, 20)
    assert bulk[17] == vnode_position(3, 17) == top64(md5_int("shard-3#17"))
    assert all(0 <= p <= MASK64 for p in bulk)
    assert len(set(bulk)) == 20


def test_mix64_is_the_splitmix64_finaliser() -> None:
    """mix64 reproduces splitmix64's published first outputs for seed 0."""
    gamma = 0x9E3779B97F4A7C15
    assert mix64(gamma) == 0xE220A8397B1DCDAF
    assert mix64((2 * gamma) & MASK64) == 0x6E789E6AA1B965F4


@given(st.integers(min_value=0, max_value=MASK64))
def test_mix64_stays_in_64_bits(value: int) -> None:
    """mix64 maps 64-bit values to 64-bit values."""
    assert 0 <= mix64(value) <= MASK64


def test_mix64_is_a_bijection_on_a_sample() -> None:
    """Distinct inputs give distinct outputs (splitmix64's finaliser is invertible)."""
    inputs = range(0, 1 << 40, (1 << 40) // 5000)
    assert len({mix64(value) for value in inputs}) == len(inputs)


_PROBE = """
import json
from widgets.reshard.hashing import key_hashes, shard_seed, shard_vnode_positions
from widgets.reshard.spec import SPEC
view = SPEC.run({"keys": 3000, "from_shards": 6, "to_shards": 7, "vnodes": 30})
print(json.dumps({
    "keys": [str(h) for h in key_hashes(40)],
    "vnodes": [str(p) for p in shard_vnode_positions(5, 10)],
    "seed": str(shard_seed(9)),
    "outputs": [[o.name, o.value] for o in view.outputs],
    "figures": [f.svg for f in view.figures],
}))
"""


def _probe(hash_seed: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def test_hashes_and_results_are_identical_across_processes_and_hash_seeds() -> None:
    """Two processes with different PYTHONHASHSEED agree with each other and with this one."""
    first, second = _probe("1"), _probe("4242")
    assert first == second
    assert first["keys"] == [str(h) for h in key_hashes(40)]
    assert first["vnodes"] == [str(p) for p in shard_vnode_positions(5, 10)]
    assert first["seed"] == str(shard_seed(9))
