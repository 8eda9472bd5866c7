"""The estimator widget: back-of-the-envelope numbers for a system-design interview.

model.py turns daily active users into average and peak requests a second, writes a
second, storage over the retention period and peak bandwidth, and lists each step with
its numbers; view.py shows the outputs, the steps (as notes, the way you would say them
out loud) and requests a second against daily active users; spec.py declares the widget.
Its defaults are the interview chapter's worked example, a photo-sharing app.
"""
