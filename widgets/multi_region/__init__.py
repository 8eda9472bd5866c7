"""The multi-region widget: what extra regions buy in availability and what they cost.

model.py holds the arithmetic: the availability of N regions that fail independently (the
optimistic bound), the round trip a synchronous cross-region write waits for (light in
fibre), and the writes an asynchronous setup can lose when a region fails. view.py draws
availability against the number of regions, in nines, with the current point marked;
spec.py declares the widget. Numbers are formatted by widgets.call_chain.text.
"""
