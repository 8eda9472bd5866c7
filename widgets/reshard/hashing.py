"""Stable hashes: the same key lands in the same place in every browser and on every machine.

Python's built-in `hash()` of a string is salted per process (PYTHONHASHSEED), so it
would place keys differently on every page load. Everything here uses MD5 instead:

    key_hash("user:42") = MD5(UTF-8 bytes of "user:42"), read as a big-endian integer

MD5 is broken for security, but it is stable, fast, well spread, and in every Python
(`hashlib.md5` works on Pyodide through CPython's built-in `_md5` module), which is all
placement needs. It is called with `usedforsecurity=False` to say so.

- Modulo hashing uses the whole 128-bit number.
- The ring, rendezvous and jump use its top 64 bits (`key_hash >> 64`).
- Virtual node `v` of shard `s` sits on the ring at the top 64 bits of MD5("shard-s#v").
- Rendezvous scores mix a key's 64 bits with a per-shard seed (top 64 bits of
  MD5("shard-s")) through the splitmix64 finaliser, because one MD5 per (key, shard)
  pair would be far too slow in the browser.
"""

from __future__ import annotations

import hashlib

MASK64 = (1 << 64) - 1
RING_BITS = 64
"""Positions on the ring are integers 0 <= p < 2**64, growing clockwise."""

# splitmix64 finaliser constants: Steele, Lea and Flood, "Fast splittable pseudorandom
# number generators" (OOPSLA 2014), as in Vigna's public-domain splitmix64.c.
SPLITMIX_C1 = 0xBF58476D1CE4E5B9
SPLITMIX_C2 = 0x94D049BB133111EB


def md5_int(text: str) -> int:
    """MD5 of the UTF-8 text as a big-endian 128-bit integer (stable everywhere)."""
    digest = hashlib.md5(text.encode("utf-8"), usedforsecurity=False).digest()
    return int.from_bytes(digest, "big")


def key_name(index: int) -> str:
    """The widget's keys are user:0, user:1, ... user:K-1."""
    return f"user:{index}"


def key_hash(index: int) -> int:
    """The 128-bit hash of key number `index`."""
    return md5_int(key_name(index))


def top64(value: int) -> int:
    """The top 64 bits of a 128-bit hash: a key's ring position and jump/rendezvous input."""
    return value >> 64


def vnode_name(shard: int, replica: int) -> str:
    """Virtual node names: replica 17 of shard 3 is 'shard-3#17'."""
    return f"shard-{shard}#{replica}"


def vnode_position(shard: int, replica: int) -> int:
    """Where a virtual node sits on the ring: top 64 bits of MD5 of its name."""
    return top64(md5_int(vnode_name(shard, replica)))


def shard_seed(shard: int) -> int:
    """A shard's rendezvous seed: top 64 bits of MD5('shard-<s>')."""
    return top64(md5_int(f"shard-{shard}"))


def mix64(value: int) -> int:
    """The splitmix64 finaliser: a fast bijection on 64-bit integers with good avalanche.

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 mod 2**64
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB mod 2**64
    z =  z ^ (z >> 31)
    """
    z = value & MASK64
    z = ((z ^ (z >> 30)) * SPLITMIX_C1) & MASK64
    z = ((z ^ (z >> 27)) * SPLITMIX_C2) & MASK64
    return z ^ (z >> 31)


def key_hashes(count: int) -> tuple[int, ...]:
    """The 128-bit hashes of user:0 ... user:count-1, in key order."""
    md5 = hashlib.md5
    from_bytes = int.from_bytes
    return tuple(
        from_bytes(md5(b"user:%d" % index, usedforsecurity=False).digest(), "big")
        for index in range(count)
    )


def shard_vnode_positions(shard: int, replicas: int) -> tuple[int, ...]:
    """Ring positions of shard-<shard>#0 ... #<replicas-1>, in replica order.

    The same numbers as `vnode_position(shard, v)` for each v, computed in one loop.
    """
    md5 = hashlib.md5
    from_bytes = int.from_bytes
    prefix = f"shard-{shard}#".encode()
    return tuple(
        from_bytes(md5(prefix + b"%d" % replica, usedforsecurity=False).digest()[:8], "big")
        for replica in range(replicas)
    )
