"""Numbers that content/vertical-vs-horizontal.md quotes from the scaling-curve widget."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from live_widgets.core.format import usd
from widgets.cost_ladder.prices import load_price_book
from widgets.scaling_curve.machines import compare
from widgets.scaling_curve.model import amdahl_limit
from widgets.scaling_curve.spec import SPEC

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "vertical-vs-horizontal.md"


@pytest.fixture(scope="module")
def text() -> str:
    """The chapter, with line breaks and repeated spaces folded to single spaces."""
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


def times(name: str, **params: float) -> str:
    """An output as the chapter writes it: '8.56 times' (the widget shows '8.56\u00d7 ...')."""
    value = SPEC.run(params).output(name).value
    assert isinstance(value, float)
    return f"{value:.3g} times"


def test_block_and_amdahl(text: str) -> None:
    """The block predicts relative throughput; the text says kappa = 0 is Amdahl's law."""
    assert "widget: scaling-curve predict: output: relative_throughput" in text
    assert "With \u03ba = 0 the law is Amdahl's law" in text
    assert SPEC.defaults() == {"nodes": 16, "contention": 0.05, "coherency": 0.0005}
    assert "(\u03c3 = 0.05, \u03ba = 0.0005)" in text


def test_default_numbers(text: str) -> None:
    """16 machines: 8.56 times one, 53.5% each."""
    view = SPEC.run({})
    assert f"16 machines deliver {times('relative_throughput')} one machine's throughput" in text
    assert f"each is worth {view.output('efficiency').text} of a machine" in text


def test_things_to_try(text: str) -> None:
    """Amdahl's 9.14 and 20, the peak at 44, the fall at 100, and sigma = 0.01."""
    assert f"16 machines give {times('relative_throughput', coherency=0)} one" in text
    assert amdahl_limit(0.05) == pytest.approx(20)
    assert "no number of machines gets past 20 times (1/\u03c3 = 1/0.05)" in text
    view = SPEC.run({})
    assert view.output("peak_nodes").value == 44
    assert f"Throughput peaks at {times('peak_throughput')} one with 44 machines" in text
    assert f"at 100 machines it has fallen to {times('relative_throughput', nodes=100)}" in text
    assert f"Throughput jumps to {times('relative_throughput', contention=0.01)} one" in text
    assert f"the peak rises to {times('peak_throughput', contention=0.01)}" in text


def test_prices_are_the_price_books(text: str) -> None:
    """$1,121 for 16 m5.large and one m5.8xlarge; $561 against $350 at 5; none past 48."""
    book = load_price_book()
    at16, at5 = compare(16, book), compare(5, book)
    assert at16.big is not None and at16.big.name == "m5.8xlarge"
    assert at16.big_monthly == pytest.approx(at16.fleet_monthly)
    assert f"16 m5.large machines cost {usd(at16.fleet_monthly)} a month" in text
    assert "exactly what one m5.8xlarge with the same 32 vCPU costs" in text
    assert at5.big_monthly is not None
    assert f"({usd(at5.big_monthly)} against {usd(at5.fleet_monthly)} a month)" in text
    assert compare(49, book).big is None
    assert "Past 48 machines there is no m5 big enough" in text
    assert f"16 m5.large machines cost {usd(at16.fleet_monthly)} a month" in SPEC.run({}).notes[0]


def test_check_yourself_answer(text: str) -> None:
    """sigma 0.02, kappa 0.0002: peak at 70 machines, 20.9 times; 64 give 20.9 too; 100 fewer."""
    fit = {"contention": 0.02, "coherency": 0.0002}
    assert SPEC.run({**fit, "nodes": 64}).output("peak_nodes").value == 70
    assert f"The peak is at 70 machines, at {times('peak_throughput', **fit)} one" in text
    assert (
        f"64 machines already deliver {times('relative_throughput', nodes=64, **fit)} as well"
        in text
    )
    hundred = SPEC.run({**fit, "nodes": 100}).output("relative_throughput").value
    peak = SPEC.run(fit).output("peak_throughput").value
    assert isinstance(hundred, float) and isinstance(peak, float) and hundred < peak
    assert "to 100 machines, would lower throughput" in text


def test_the_symptoms_cpu_per_request_is_worked_out_right(text: str) -> None:
    """'Why so soon': 150 users online clicking every 10 s at 70% of 2 vCPU is about 90 ms
    of CPU a request, nine times One server's light 10 ms request."""
    online, click_every_s, busy, cores, light_ms = 150, 10, 0.70, 2, 10
    rps = online / click_every_s
    cpu_ms = busy * cores / rps * 1000
    assert f"send {rps:.0f} requests/s, and 70% of 2 vCPU is {busy * cores:.1f} cores" in text
    assert f"about {round(cpu_ms, -1):.0f} ms of CPU" in text
    assert round(cpu_ms / light_ms) == 9 and "nine times the light request" in text
    assert "about 10 ms of CPU each" in text  # One server's light request
