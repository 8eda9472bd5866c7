"""Numbers that content/one-server.md quotes from the capacity widget stay in step with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets.capacity.model import Box, arrival_for_response
from widgets.capacity.spec import SPEC
from widgets.capacity.text import share

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "one-server.md"


@pytest.fixture(scope="module")
def text() -> str:
    """The chapter, with line breaks and repeated spaces folded to single spaces."""
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


def out(name: str, **params: float) -> str:
    """The widget's text for one output at the given settings."""
    return SPEC.run(params).output(name).text


def test_block_and_prediction_are_present(text: str) -> None:
    """The chapter places the widget at its defaults with a predict block on the response time."""
    assert "widget: capacity predict: output: mean_response_ms" in text


def test_default_numbers(text: str) -> None:
    """At 150 req/s, 20 ms, 4 cores: 30.2 ms, 50.9% wait, 10.2 ms in the queue per request
    (20 ms for those that wait), 75% busy."""
    assert out("mean_response_ms") == "30.2 ms"
    assert f"the average request takes {out('mean_response_ms')}" in text
    assert f"{out('wait_probability')} of requests find all four cores busy" in text
    box = Box(150, 20, 4)
    wait, waiting = box.mean_wait_ms, box.wait_probability
    assert wait is not None and waiting is not None
    assert f"averaged over every request, waiting adds {wait:.1f} ms" in text
    # Those that wait, wait S / (c - a) on average: the mean over all divided by P(wait).
    assert f"({wait / waiting:.0f} ms for each request that does wait)" in text
    assert out("utilisation") == "75.0%"


def test_things_to_try(text: str) -> None:
    """Each number in the list of things to try is what the widget shows at those settings."""
    assert (
        f"180 requests/s (90% busy): the mean response time doubles to {out('mean_response_ms', arrival_rps=180)}"
        in text
    )
    assert f"At 190 requests/s (95%) it is {out('mean_response_ms', arrival_rps=190)}" in text
    assert out("mean_response_ms", arrival_rps=250) == "grows without bound"
    assert SPEC.run({"arrival_rps": 250}).output("max_rps").value == 200
    assert "finish at most 200 requests/s" in text
    eight = Box(150, 20, 8)
    assert eight.mean_wait_ms is not None and eight.wait_probability is not None
    assert f"falls to {out('mean_response_ms', cores=8)}" in text
    assert (
        f"from {Box(150, 20, 4).mean_wait_ms:.1f} ms to about {eight.mean_wait_ms:.2f} ms" in text
    )
    assert f"only {out('utilisation', cores=8)} busy" in text
    assert f"which happens to {share(eight.wait_probability)} of requests" in text
    assert (
        f"mean response time of {out('mean_response_ms', cores=1, arrival_rps=40)}, five times"
        in text
    )
    assert f"also 80% busy, but {out('mean_response_ms', cores=16, arrival_rps=640)}" in text
    assert out("utilisation", cores=2).startswith("150.0%")
    assert (
        f"at 70 requests/s it already answers in {out('mean_response_ms', cores=2, arrival_rps=70)}"
        in text
    )


def test_single_core_signals(text: str) -> None:
    """The 2x, 3.3x and 10x of the signals section are the widget's one-core answers."""
    for arrival, phrase in (
        (25, "(50% busy) the mean response time is"),
        (35, "(70%),"),
        (45, "(90%),"),
    ):
        assert (
            f"{arrival} requests/s {phrase} {out('mean_response_ms', cores=1, arrival_rps=arrival)}"
            in text
        )
    assert out("mean_response_ms", cores=1, arrival_rps=25) == "40 ms"
    assert out("mean_response_ms", cores=1, arrival_rps=45) == "200 ms"


def test_check_yourself_answer(text: str) -> None:
    """The 40 ms question: about 167 req/s at 83.5% busy, between 160 and 180 req/s."""
    rate = arrival_for_response(20, 4, 40)
    assert (
        f"About {rate:.0f} requests/s, with the box about {share(Box(rate, 20, 4).utilisation)} busy"
        in text
    )
    assert f"{out('mean_response_ms', arrival_rps=160)} at 160 requests/s" in text
    assert f"{out('mean_response_ms', arrival_rps=180)} at 180 requests/s" in text


def test_the_check_yourself_box_at_exactly_full_load(text: str) -> None:
    """The Check yourself answer sends the reader to 2 cores, 50 requests/s and 40 ms:
    the widget must say 100% busy and a queue without bound there, as the answer does."""
    assert "Try 2 cores, 50 requests/s and 40 ms in the widget above" in text
    full = {"cores": 2, "arrival_rps": 50, "service_ms": 40}
    assert out("utilisation", **full).startswith("100.0%")
    assert out("mean_response_ms", **full) == "grows without bound"
    light = {"cores": 2, "arrival_rps": 100, "service_ms": 10}  # the "light work" paragraph
    assert (
        "At 10 ms of CPU a request, 100 requests/s is one core's worth of work, half of a 2 vCPU box"
        in text
    )
    assert out("utilisation", **light) == "50.0%"
