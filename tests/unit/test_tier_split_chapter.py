"""Numbers that content/data-tier.md quotes from the tier-split widget stay in step with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets.capacity.text import milliseconds, rate, share
from widgets.tier_split.model import Tiers
from widgets.tier_split.spec import SPEC

CHAPTER = Path(__file__).resolve().parents[2] / "content" / "data-tier.md"


@pytest.fixture(scope="module")
def text() -> str:
    """The chapter, with line breaks and repeated spaces folded to single spaces."""
    return re.sub(r"\s+", " ", CHAPTER.read_text(encoding="utf-8"))


def out(name: str, **params: float) -> str:
    """The widget's text for one output at the given settings."""
    return SPEC.run(params).output(name).text


def test_block_and_defaults_in_the_text(text: str) -> None:
    """The block predicts the split response time; the text states the defaults it uses."""
    assert "widget: tier-split predict: output: split_response_ms" in text
    defaults = SPEC.defaults()
    assert defaults["web_ms"] == 12 and defaults["db_ms"] == 8 and defaults["cores"] == 4
    assert "12 ms of that is the application and 8 ms the database" in text
    assert "one network round trip between them, 0.5 ms" in text
    assert f"One box answers in {out('one_box_response_ms')} on average" in text


def test_default_numbers(text: str) -> None:
    """21.3 ms split, 333 against 200 req/s, and how busy each box is."""
    t = Tiers(150, 12, 8, 4, 0.5)
    assert f"The split answers in {out('split_response_ms')}" in text
    capacity = out("split_max_rps").removesuffix(" req/s")
    single = out("one_box_max_rps").removesuffix(" req/s")
    assert f"carries up to {capacity} requests/s instead of {single}" in text
    assert (
        f"the web box is now {share(t.web_box.utilisation)} busy and the database box "
        f"{share(t.db_box.utilisation)}, instead of one box at {share(t.one_box.utilisation)}"
    ) in text


def test_things_to_try(text: str) -> None:
    """The numbers of the four things to try come from the widget at those settings."""
    assert out("one_box_response_ms", arrival_rps=250).startswith("grows without bound")
    assert f"the split still answers in {out('split_response_ms', arrival_rps=250)}" in text
    assert SPEC.run({}).output("bottleneck").value == "web"
    web_max = rate(Tiers(150, 12, 8, 4, 0.5).web_box.max_rps).removesuffix(" req/s")
    db_max = rate(Tiers(150, 12, 8, 4, 0.5).db_box.max_rps).removesuffix(" req/s")
    assert f"it saturates at {web_max} requests/s, the database box only at {db_max}" in text
    heavy_db = SPEC.run({"web_ms": 5, "db_ms": 15})
    assert heavy_db.output("bottleneck").value == "database"
    split_max = heavy_db.output("split_max_rps").text.removesuffix(" req/s")
    assert f"caps the split at {split_max} requests/s" in text
    assert f"The split now takes {out('split_response_ms', network_ms=20)}" in text
    note = SPEC.run({}).notes[1]
    doubled = Tiers(150, 12, 8, 8, 0.5).one_box
    assert doubled.mean_response_ms is not None
    both = f"{rate(doubled.max_rps).removesuffix(' req/s')} requests/s and {milliseconds(doubled.mean_response_ms)}"
    assert both in text
    assert milliseconds(doubled.mean_response_ms) in note


def test_check_yourself_answer(text: str) -> None:
    """6 ms web, 14 ms database: the database saturates first at about 286 req/s."""
    view = SPEC.run({"web_ms": 6, "db_ms": 14})
    assert view.output("bottleneck").value == "database"
    assert f"4 x 1,000 / 14 ≈ {view.output('split_max_rps').text.removesuffix(' req/s')}" in text
    assert (
        f"tops out at {view.output('one_box_max_rps').text.removesuffix(' req/s')} requests/s"
        in text
    )
    split = view.output("split_response_ms").text
    single = view.output("one_box_response_ms").text
    assert f"the widget gives {split} for the split against {single} for one box" in text
