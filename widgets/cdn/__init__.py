"""The CDN widget: what edge caches and an origin shield take off the origin, and what
serving from a nearby edge does to the time to first byte.

model.py holds the arithmetic: origin requests a second after the edge and shield hit
rates, and the time to first byte of a new HTTPS connection straight to the origin,
through the CDN on a hit and on a miss (three round trips: TCP, TLS 1.3, the request).
text.py formats numbers; view.py draws origin requests against the edge hit rate with
and without the shield; spec.py declares the widget.
"""
