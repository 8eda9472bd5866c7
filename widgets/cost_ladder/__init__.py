"""The cost ladder: which architecture stage a number of daily active users forces, and its bill.

Slide daily active users (DAU) from 100 to a billion. The model turns DAU into traffic
(traffic.py), checks that traffic against capacity limits stated as assumptions
(assumptions.py), picks the stage those limits force and says which limit forced each step
(stages.py), sizes the fleet and prices it line by line from AWS list prices (costs.py,
prices.py, prices.yaml). model.py ties the pieces together; view.py draws it; spec.py
declares the widget.
"""
