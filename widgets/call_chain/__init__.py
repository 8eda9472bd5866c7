"""The call-chain widget: how availability multiplies along a chain of synchronous calls.

A request that must pass through several services in a row succeeds only if every one of
them answers. model.py holds the arithmetic: the chain's availability with and without
retries per hop, the downtime it means in a 30-day month, and how many calls reach the
deepest service when every hop fails and retries. text.py formats availabilities,
durations and large counts for people (the multi-region and tail-latency widgets use it
too); view.py draws availability against chain depth; spec.py declares the widget.
"""
