"""The scaling-curve widget: how much N nodes really deliver (Universal Scalability Law).

model.py holds the law, X(N) = N / (1 + sigma (N - 1) + kappa N (N - 1)), its peak and
its Amdahl special case (kappa = 0). machines.py prices one big machine against N small
ones, reading the m5.large list price from the cost ladder's price book (read-only,
through widgets.cost_ladder.prices.load_price_book). view.py draws the curve and the
price bars; spec.py declares the widget.
"""
