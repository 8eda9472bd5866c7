"""Parameters -> simulation -> eight outputs (mean and p99 per policy) and the bar chart."""

from __future__ import annotations

from live_widgets.core.chart import bars_svg
from live_widgets.core.parts import Parts, finish
from live_widgets.core.spec import Params
from live_widgets.core.view import Figure, OutputValue, View
from widgets.capacity.text import milliseconds, share
from widgets.load_balancing.model import (
    POLICY_NAMES,
    Setup,
    busiest_share,
    mm1_mean_ms,
    mm1_quantile_ms,
    unbounded,
)
from widgets.load_balancing.simulate import Result, run_all_in_parts


def setup_from(params: Params) -> Setup:
    return Setup(
        servers=int(params["servers"]),
        utilisation=float(params["utilisation"]),
        service_ms=float(params["service_ms"]),
        requests=int(params["requests"]),
        slow_server=params["slow_server"] == "one_at_half_speed",
        seed=int(params["seed"]),
    )


def render(params: Params) -> View:
    """The whole widget for one set of (validated) parameters."""
    return finish(render_in_parts(params))


def render_in_parts(params: Params) -> Parts[View]:
    """`render`, stopping between parts of the simulation (see simulate.PART)."""
    setup = setup_from(params)
    results = yield from run_all_in_parts(setup)
    yield  # the simulation is done; drawing it is the last part
    return View(
        outputs=outputs(setup, results),
        figures=(bars_figure(setup, results),),
        summary=summary(setup, results),
        notes=notes(setup, results),
    )


def _value(setup: Setup, result: Result, measured: float) -> tuple[float | str, str]:
    if unbounded(setup, result.policy):
        return "unbounded", f"grows without bound ({milliseconds(measured)} in this run)"
    return measured, milliseconds(measured)


def outputs(setup: Setup, results: tuple[Result, ...]) -> tuple[OutputValue, ...]:
    out: list[OutputValue] = []
    for result in results:
        for name, measured in (("mean_ms", result.mean_ms), ("p99_ms", result.p99_ms)):
            value, text = _value(setup, result, measured)
            out.append(OutputValue(f"{name}_{result.policy}", value, text))
    return tuple(out)


def _ranked(setup: Setup, results: tuple[Result, ...]) -> list[Result]:
    """Best first: policies that keep up before those that do not, then by mean."""
    return sorted(results, key=lambda r: (unbounded(setup, r.policy), r.mean_ms))


def summary(setup: Setup, results: tuple[Result, ...]) -> str:
    ranked = _ranked(setup, results)
    best, worst = ranked[0], ranked[-1]
    fleet = f"{setup.servers:,} servers {share(setup.utilisation)} busy"
    if setup.slow_server:
        fleet += " (one at half speed)"
    start = f"With {fleet}, on the same {setup.requests:,} simulated requests"
    if unbounded(setup, best.policy):
        return (
            f"{start}, every policy falls behind: more work arrives than the servers can do, "
            "so queues grow without bound."
        )
    best_text = (
        f"{POLICY_NAMES[best.policy].lower()} answers fastest, {milliseconds(best.mean_ms)} "
        f"on average and {milliseconds(best.p99_ms)} at the 99th percentile"
    )
    if unbounded(setup, worst.policy):
        falling = [POLICY_NAMES[r.policy].lower() for r in ranked if unbounded(setup, r.policy)]
        return (
            f"{start}, {best_text}, while {' and '.join(falling)} overload the slow server and "
            "its queue grows without bound."
        )
    return (
        f"{start}, {best_text}; {POLICY_NAMES[worst.policy].lower()} is slowest, "
        f"{milliseconds(worst.mean_ms)} on average and {milliseconds(worst.p99_ms)} at p99."
    )


def notes(setup: Setup, results: tuple[Result, ...]) -> tuple[str, ...]:
    out: list[str] = []
    s, rho = setup.service_ms, setup.utilisation
    by_policy = {r.policy: r for r in results}
    if not setup.slow_server:
        rnd = by_policy["random"]
        out.append(
            f"Check: under random each server is an M/M/1 queue, so theory gives a mean of "
            f"S / (1 \u2212 \u03c1) = {milliseconds(mm1_mean_ms(s, rho))} and a p99 of "
            f"{milliseconds(mm1_quantile_ms(s, rho, 0.99))}; this run measured "
            f"{milliseconds(rnd.mean_ms)} and {milliseconds(rnd.p99_ms)}."
        )
    else:
        slow = busiest_share(setup, "random")
        if slow > 1:
            state = "more than it can do, so its queue grows without bound"
        elif slow == 1:
            state = "all it can do, with no spare capacity, so its queue never drains"
        else:
            state = "busier than the rest, so its queue is longer"
        out.append(
            f"The half-speed server gets 1/{setup.servers:,} of the requests under round robin "
            f"and random, which makes it {share(slow)} busy: {state}. Least connections and two "
            "choices see its queue and send it less."
        )
    measured = results[0].measured
    out.append(
        f"Measured: {measured:,} requests per policy, after {setup.warm_up:,} that fill the "
        "queues from empty. Every seed brings exactly the load set; what it changes is the "
        "pattern (which requests bunch together, which need long work). Change it to see how "
        "much the numbers move between runs; more requests move them less."
    )
    out.append(
        "Model: random (Poisson) arrivals, exponentially distributed work with mean "
        f"{milliseconds(s)}, one first-come-first-served queue per server. Every policy gets "
        "the same requests. Least connections counts each server's requests in progress "
        "(queued or served); two choices asks two random servers and picks the one with fewer "
        "(Mitzenmacher, 2001)."
    )
    return tuple(out)


def bars_figure(setup: Setup, results: tuple[Result, ...]) -> Figure:
    """Mean and p99 response time per policy, as grouped bars."""
    labels = [POLICY_NAMES[r.policy] for r in results]
    groups = [
        ("Mean response time", [r.mean_ms for r in results]),
        ("99th percentile (p99)", [r.p99_ms for r in results]),
    ]
    parts = []
    for r in results:
        growing = " and still growing" if unbounded(setup, r.policy) else ""
        parts.append(
            f"{POLICY_NAMES[r.policy]}: mean {milliseconds(r.mean_ms)}, p99 "
            f"{milliseconds(r.p99_ms)}{growing}"
        )
    alt = (
        f"Response times over {results[0].measured:,} simulated requests. " + "; ".join(parts) + "."
    )
    title = "Response time by balancing policy"
    svg = bars_svg(title, groups, labels, value_format=milliseconds)
    return Figure("policies", title, svg, alt)
