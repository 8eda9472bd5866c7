"""The cache-hit-rate widget: hit rate of LRU, FIFO and ideal caches for Zipf-popular keys.

model.py holds the formulas (Che's approximation and its FIFO and TTL relatives),
popularity.py the compressed Zipf sums, simulate.py the seeded trace-driven check,
view.py and spec.py what the reader sees and sets.
"""
