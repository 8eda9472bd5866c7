"""The replication-lag widget: how far an asynchronous replica trails its primary.

Writes reach the replica after a network delay and then queue for the replica's single
apply stream, modelled as an M/M/1 queue. model.py gives the mean lag, the chance that
a user who reads back their own write too soon sees the old value, the writes at risk
when the primary fails, and the overlap of read and write quorums in a leaderless
store. text.py formats numbers; view.py draws the stale-read probability against how
soon the user reads back; spec.py declares the widget.
"""
