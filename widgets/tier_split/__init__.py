"""The tier-split widget: one box running web and database, or two boxes, one each.

model.py compares the two set-ups with the capacity widget's M/M/c model (imported
from widgets.capacity.model, not copied): one box whose CPU time per request is the
web part plus the database part, against a web box and a database box, each an M/M/c
queue with its own CPU time, plus the network round trip between them. view.py draws
both response-time curves against the arrival rate; spec.py declares the widget.
"""
