"""The widget's ranges and the sizes that keep a recompute fast in the browser."""

from __future__ import annotations

MIN_KEYS = 100
MAX_KEYS = 1_000_000
DEFAULT_KEYS = 10_000

MAX_SHARDS = 128
MAX_VNODES = 1_000

SAMPLE_LIMIT = 20_000
"""Modulo, ring and jump are measured on all K keys up to this many; above it, on the keys
user:0 ... user:SAMPLE_LIMIT-1. MD5 scatters key names, so that prefix is as good as a
random sample, and it stays the same when only the shard counts change."""

RENDEZVOUS_SAMPLE = 2_048
"""Rendezvous scores every key against every shard (K x 128 scores), so it is measured on
the first min(K, RENDEZVOUS_SAMPLE) keys."""

RING_TICK_BUDGET = 240
"""At most this many virtual-node marks are drawn on each ring of the ring picture."""

RING_SAMPLE_DOTS = 64
"""How many keys (user:0 ... user:63) the ring picture draws as dots."""

if not RENDEZVOUS_SAMPLE <= SAMPLE_LIMIT:  # pragma: no cover - a configuration mistake
    raise ValueError("the rendezvous sample must be a prefix of the main sample")
