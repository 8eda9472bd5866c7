"""The sessions widget: where login sessions live, and what that costs when servers come and go.

With sessions in each app server's memory (sticky sessions), a crash logs out that
server's users, a full restart logs out everyone, and servers added during a spike
fill up only as old sessions end. With a shared store none of that happens.
model.py holds the arithmetic (and the closed form for rebalancing, derived in its
docstring); text.py formats numbers for people; view.py draws the sessions per old and
per new server over time; spec.py declares the widget.
"""
