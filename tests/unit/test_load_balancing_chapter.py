"""Numbers that content/load-balancer.md quotes from the load-balancing widget (seed 1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from live_widgets.core import View
from widgets.capacity.text import milliseconds
from widgets.load_balancing.model import mm1_mean_ms
from widgets.load_balancing.spec import SPEC

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "load-balancer.md"


@pytest.fixture(scope="module")
def text() -> str:
    """The chapter, with line breaks and repeated spaces folded to single spaces."""
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def defaults() -> View:
    """The widget at its defaults, as the block shows it."""
    return SPEC.run({})


def out(view: View, name: str) -> str:
    return view.output(name).text


def test_block_and_theory(text: str) -> None:
    """The block predicts least connections' mean; random's theory is 50 ms at 80% busy."""
    assert "widget: load-balancing predict: output: mean_ms_least_connections" in text
    assert SPEC.defaults()["utilisation"] == 0.8 and SPEC.defaults()["service_ms"] == 10
    assert milliseconds(mm1_mean_ms(10, 0.8)) == "50 ms"
    assert "50 ms at 80% busy" in text
    assert "Random placement averages about 50 ms" in text


def test_default_numbers(text: str, defaults: View) -> None:
    """The means and p99s quoted for the default run."""
    assert (
        f"least connections averages {out(defaults, 'mean_ms_least_connections')}, against "
        f"{out(defaults, 'mean_ms_random')} for random"
    ) in text
    assert (
        f"{out(defaults, 'mean_ms_round_robin')} for round robin and "
        f"{out(defaults, 'mean_ms_two_choices')} for two choices"
    ) in text
    assert (
        f"the 99th percentile is {out(defaults, 'p99_ms_least_connections')} with least "
        f"connections and {out(defaults, 'p99_ms_random')} with random"
    ) in text


def test_things_to_try(text: str) -> None:
    """Quiet hours, busy hours and the slow server, as the widget shows them."""
    quiet = SPEC.run({"utilisation": 0.3})
    assert (
        f"(least connections {out(quiet, 'mean_ms_least_connections')}, random "
        f"{out(quiet, 'mean_ms_random')})"
    ) in text
    busy = SPEC.run({"utilisation": 0.95})
    assert (
        f"Random climbs to {out(busy, 'mean_ms_random')} and round robin to "
        f"{out(busy, 'mean_ms_round_robin')}, while least connections rises only to "
        f"{out(busy, 'mean_ms_least_connections')}"
    ) in text
    slow = SPEC.run({"slow_server": "one_at_half_speed"})
    for policy in ("round_robin", "random"):
        assert slow.output(f"mean_ms_{policy}").value == "unbounded"
    assert "160.0% busy" in " ".join(slow.notes)
    assert "which makes it 160% busy, so its queue grows without bound" in text
    assert (
        f"Least connections ({out(slow, 'mean_ms_least_connections')}) and two choices "
        f"({out(slow, 'mean_ms_two_choices')})"
    ) in text


def test_the_noise_across_seeds(text: str) -> None:
    """ "Noise": the spread of the means over seeds 1 to 10, and the largest p99 spread."""
    runs = [SPEC.run({"seed": seed}) for seed in range(1, 11)]

    def spread(name: str) -> tuple[str, str]:
        values = sorted(runs, key=lambda view: float(view.output(name).value))  # type: ignore[arg-type]
        return out(values[0], name), out(values[-1], name)

    low, high = spread("mean_ms_random")
    assert f"random's mean runs from {low} to {high}" in text
    low, high = spread("mean_ms_least_connections")
    assert f"least connections' only from {low} to {high}" in text
    widest = max(
        max(float(view.output(f"p99_ms_{p}").value) for view in runs)  # type: ignore[arg-type]
        - min(float(view.output(f"p99_ms_{p}").value) for view in runs)  # type: ignore[arg-type]
        for p in ("round_robin", "random", "least_connections", "two_choices")
    )
    assert f"the p99s move by up to {round(widest, -1):.0f} ms" in text


def test_check_yourself_answer(text: str) -> None:
    """90% busy, seed 1: round robin against least connections, p99 and mean."""
    view = SPEC.run({"utilisation": 0.9})
    assert (
        f"Round robin gives a p99 of {out(view, 'p99_ms_round_robin')}, least connections "
        f"{out(view, 'p99_ms_least_connections')}"
    ) in text
    ratio = float(view.output("p99_ms_round_robin").value) / float(
        view.output("p99_ms_least_connections").value
    )
    assert f"about {ratio:.1f} times lower" in text
    assert (
        f"The means are {out(view, 'mean_ms_round_robin')} and "
        f"{out(view, 'mean_ms_least_connections')}"
    ) in text
