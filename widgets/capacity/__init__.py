"""The capacity widget: how much one box can take before requests queue (M/M/c).

Requests arrive at random, each needs some CPU time, and the box has a few cores. The
model (model.py) treats the box as an M/M/c queue and computes the utilisation, the
most requests a second the cores can finish, the chance that a request has to wait
for a core (Erlang C) and the mean response time. view.py draws the "hockey stick":
response time against arrival rate with the current point marked; text.py formats the
numbers for people; spec.py declares the widget. The data-tier widget (tier-split)
reuses this model for its two boxes.
"""
