"""The tail-latency widget: why p99 and error budgets, not averages.

model.py holds two pieces of arithmetic: how a rare slow backend call becomes a common
slow request when one request fans out to many backends, and how fast the current error
rate spends a month's error budget (burn rate and hours until it is gone). view.py draws
the share of slow requests against fan-out with the current point marked; spec.py
declares the widget. Numbers are formatted by widgets.call_chain.text.
"""
