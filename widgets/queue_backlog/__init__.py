"""The queue-backlog widget: a burst of jobs against a pool of workers.

model.py treats the queue as a fluid (jobs arrive and are done at steady rates): the
workers' capacity, how deep the backlog gets during a burst, how long it takes to drain,
the longest wait, and the fewest workers that keep that wait under a target. text.py
formats numbers; view.py draws the backlog over time; spec.py declares the widget.
"""
