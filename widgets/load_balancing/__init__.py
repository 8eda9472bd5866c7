"""The load-balancing widget: four balancing policies on the same simulated traffic.

simulate.py is a seeded discrete-event simulation: Poisson arrivals, exponential
service times (both conditioned so that each run brings exactly the load set) and a
first-come-first-served queue at each server, with the same
arrivals and request sizes fed to round robin, random, least connections and two
random choices. model.py holds the setup, the policies' names and the queueing theory
the simulation is checked against (each server under `random` is an M/M/1 queue).
view.py shows each policy's mean and p99 response time side by side; spec.py declares
the widget.
"""
