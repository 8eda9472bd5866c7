"""Numbers that content/sharding.md quotes from the reshard widget stay in step with it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from widgets.reshard.spec import SPEC

MINUS, TIMES = "\u2212", "\u00d7"
CHAPTER = Path(__file__).resolve().parents[2] / "content" / "sharding.md"


@pytest.fixture(scope="module")
def text() -> str:
    """The chapter, with line breaks and repeated spaces folded to single spaces."""
    return " ".join(CHAPTER.read_text(encoding="utf-8").split())


def out(name: str, **params: int) -> str:
    """The widget's text for one output without its " mean" ("1.17x mean" reads "1.17x")."""
    return SPEC.run(params).output(name).text.removesuffix(" mean")


def test_virtual_nodes_step_quotes_the_widget(text: str) -> None:
    """16 -> 32 shards: the ring's imbalance at 1 and 100 virtual nodes, jump's, and
    rendezvous's with the size of its sample."""
    doubled = {"from_shards": 16, "to_shards": 32}
    ring_one = out("imbalance_consistent", **doubled, vnodes=1)
    ring_many = out("imbalance_consistent", **doubled, vnodes=100)
    assert f"fall from {ring_one} to {ring_many} the mean" in text
    assert f"Jump needs no such setting and stays at {out('imbalance_jump', **doubled)}" in text
    sample = SPEC.run(doubled).output("rendezvous_keys").text
    assert f"measures it on {sample} rather than" in text
    assert f"so its {out('imbalance_rendezvous', **doubled)} is mostly chance" in text


def test_chance_alone_puts_the_busiest_of_32_a_quarter_above_the_mean(text: str) -> None:
    """The chapter's reading of rendezvous's imbalance, checked without the model: as many
    keys as the widget samples, thrown at random on 32 shards, leave the busiest at about
    1.25x the mean, as the chapter says."""
    doubled = {"from_shards": 16, "to_shards": 32}
    shards, keys = doubled["to_shards"], int(SPEC.run(doubled).output("rendezvous_keys").value)
    assert (
        f"with {keys // shards} keys a shard, the busiest of {shards} shards lands about a quarter above the mean"
        in text
    )
    rng = random.Random(7)
    trials = 400
    busiest = []
    for _ in range(trials):
        loads = [0] * shards
        for _ in range(keys):
            loads[rng.randrange(shards)] += 1
        busiest.append(max(loads) / (keys / shards))
    mean_busiest = sum(busiest) / trials
    assert 1.2 < mean_busiest < 1.3


def test_the_prediction_is_answered_with_the_widgets_numbers(text: str) -> None:
    """After the widget, the chapter answers its prediction (4 -> 5 shards) with the
    widget's measured and theoretical moves, and the reason a modulo key stays."""
    assert (
        f"the widget moves {out('moved_modulo')} of the keys under modulo, against the "
        f"{out('theory_modulo')} that theory gives" in text
    )
    assert f"Consistent hashing moves {out('moved_consistent')}" in text
    stay = sum(1 for h in range(20) if h % 4 == h % 5) / 20  # over one period of both
    assert f"{1 - stay:.1%}" == out("theory_modulo")


def test_virtual_nodes_paragraph_quotes_the_widget(text: str) -> None:
    """The consistent-hashing section's imbalance figures are the widget's, 16 -> 32."""
    doubled = {"from_shards": 16, "to_shards": 32}
    one = out("imbalance_consistent", **doubled, vnodes=1).removesuffix(TIMES)
    many = out("imbalance_consistent", **doubled, vnodes=100).removesuffix(TIMES)
    assert (
        f"busiest shard with {one} times the mean load; 100 virtual nodes bring it to {many} times"
        in text
    )


def test_check_yourself_six_to_eight_matches_theory_and_the_widget(text: str) -> None:
    """6 -> 8 shards: 1 - gcd/max = 75% under modulo and |8-6|/8 = 25% consistent, as
    the answer says and the widget's theory outputs give."""
    params = {"from_shards": 6, "to_shards": 8}
    assert (
        out("theory_modulo", **params) == "75.0%" and out("theory_consistent", **params) == "25.0%"
    )
    assert f"1 {MINUS} gcd(6, 8)/8 = 1 {MINUS} 2/8 = 75%, so about 37.5 million rows move" in text
    assert f"about |8 {MINUS} 6|/8 = 25%, so about 12.5 million rows" in text
