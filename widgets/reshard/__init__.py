"""The `reshard` widget: what moves when N shards become M, under four placement schemes.

Modulo hashing, a consistent-hashing ring with virtual nodes, rendezvous (highest random
weight) hashing and jump consistent hash are run side by side on the same keys
(user:0 ... user:K-1, hashed with MD5 so every machine agrees). The widget reports the
fraction of keys that move, how evenly the keys spread afterwards, and the theory for both.
"""
