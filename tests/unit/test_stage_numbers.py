"""The stage cards' user numbers agree with each other, with the one DAU-to-concurrent
relation (widgets/cost_ladder/users.py) and with the cost ladder's rungs."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from widgets.cost_ladder.model import REFERENCE_LADDER, rung_span
from widgets.cost_ladder.spec import SPEC
from widgets.cost_ladder.stages import STAGE_IDS, stage_index
from widgets.cost_ladder.users import BOOK_USAGE, UsageShape, dau_for_peak_online, peak_online

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

CHAPTER_STAGES: dict[str, str] = {
    "one-server": "single-server",
    "data-tier": "load-balanced",
    "vertical-vs-horizontal": "load-balanced",
    "load-balancer": "load-balanced",
    "stateless-web-tier": "load-balanced",
    "database-replication": "replicas-cache",
    "caching": "replicas-cache",
    "cdn": "cdn-queue",
    "message-queues": "cdn-queue",
    "sharding": "sharded",
    "services": "multi-region",
    "multi-region": "multi-region",
    "observability": "cdn-queue",
    "full-picture": "multi-region",
}
"""Each stage chapter and the cost-ladder rung its stage belongs to. Chapters 2 to 5 build
the ladder's second rung (a separate database, then a load balancer and stateless app
servers); observability starts at the CDN-and-queue scale; services arrive with the top rung."""

CROSS_CUTTING = {"observability"}
"""Chapters whose card is not a step on the ladder, left out of the growth-order check."""

ONLINE_TOLERANCE = 0.25
"""Cards round the concurrent figure to one or two significant figures."""

_NUMBER = r"(\d[\d,]*(?:\.\d+)?)(?:\s+(million|billion))?"
_RANGE = rf"{_NUMBER}(?:\s+to\s+{_NUMBER})?"
_DAU = re.compile(rf"{_RANGE}\s+\[?daily active users")
_ONLINE = re.compile(rf"{_RANGE}\s+(?:of them\s+)?online at once at peak")
_USERS_LINE = re.compile(r"^\s*- \*\*Users:\*\*(.*)$", re.M)


@dataclass(frozen=True)
class Card:
    """The numbers of one stage card's Users line (a single figure gives low == high)."""

    dau: tuple[float, float]
    online: tuple[float, float]


def _value(number: str, scale: str | None) -> float:
    factor = {"million": 1e6, "billion": 1e9}.get(scale or "", 1.0)
    return float(number.replace(",", "")) * factor


def _range(match: re.Match[str]) -> tuple[float, float]:
    low = _value(match.group(1), match.group(2))
    high = _value(match.group(3), match.group(4)) if match.group(3) else low
    return low, high


def parse_users(line: str) -> Card:
    """The DAU and users-online figures of a Users line; ValueError if either is missing."""
    dau, online = _DAU.search(line), _ONLINE.search(line)
    if dau is None or online is None:
        raise ValueError(f"no DAU or no 'online at once at peak' figure in: {line}")
    return Card(_range(dau), _range(online))


def users_line(slug: str) -> str:
    text = (CONTENT / f"{slug}.md").read_text(encoding="utf-8")
    found = _USERS_LINE.search(text)
    assert found is not None, f"{slug}.md: no stage card Users line"
    return found.group(1)


def card_problems(slug: str, card: Card) -> list[str]:
    """Why a chapter's card disagrees with the relation or with its ladder rung (none: agrees)."""
    problems = []
    low, high = rung_span(CHAPTER_STAGES[slug])
    for dau in card.dau:
        if not low <= dau < high:
            problems.append(
                f"{slug}: {dau:,.0f} DAU is outside the {CHAPTER_STAGES[slug]} rung "
                f"({low:,.0f} to {high:,.0f} DAU)"
            )
    for dau, online in zip(card.dau, card.online, strict=True):
        expected = peak_online(dau)
        if abs(online - expected) > ONLINE_TOLERANCE * expected:
            problems.append(
                f"{slug}: {online:,.0f} online at peak, but {dau:,.0f} DAU gives "
                f"{expected:,.0f} by the book's relation (DAU / 48)"
            )
    return problems


def book_order() -> list[str]:
    """Chapter slugs in nav order."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    files = [next(iter(item.values())) for item in config["nav"] if isinstance(item, dict)]
    return [f.removesuffix(".md") for f in files if isinstance(f, str)]


def test_every_chapter_with_user_numbers_is_mapped_to_a_rung() -> None:
    """A stage card quoting daily active users belongs to exactly one known ladder stage."""
    with_dau = {
        path.stem
        for path in CONTENT.glob("*.md")
        if not path.name.startswith("_")
        and (m := _USERS_LINE.search(path.read_text(encoding="utf-8")))
        and "daily active users" in m.group(1)
    }
    assert with_dau == set(CHAPTER_STAGES)
    assert set(CHAPTER_STAGES.values()) <= set(STAGE_IDS)


@pytest.mark.parametrize("slug", list(CHAPTER_STAGES))
def test_card_fits_its_rung_and_the_relation(slug: str) -> None:
    """Each card's DAU lies in its stage's rung and its concurrent figure is DAU / 48."""
    assert card_problems(slug, parse_users(users_line(slug))) == []


def test_cards_grow_along_the_book() -> None:
    """In book order, the stages and the DAU figures never go down (cross-cutting cards aside)."""
    order = [slug for slug in book_order() if slug in CHAPTER_STAGES]
    assert set(order) == set(CHAPTER_STAGES)
    ladder = [s for s in order if s not in CROSS_CUTTING]
    stages = [stage_index(CHAPTER_STAGES[s]) for s in ladder]
    assert stages == sorted(stages), list(zip(ladder, stages, strict=True))
    cards = [parse_users(users_line(s)) for s in ladder]
    for (before, a), (after, b) in itertools.pairwise(zip(ladder, cards, strict=True)):
        assert a.dau[0] <= b.dau[0] and a.dau[1] <= b.dau[1], f"{before} -> {after}"


def test_rungs_cover_the_quoted_ladder_without_gaps() -> None:
    """Each quoted rung lies inside its band, and the bands tile 0 to infinity in ladder order."""
    spans = [rung_span(stage) for stage in STAGE_IDS]
    assert spans[0][0] == 0 and math.isinf(spans[-1][1])
    for (_, high), (low, _) in itertools.pairwise(spans):
        assert high == pytest.approx(low)
    for point in REFERENCE_LADDER:
        low, high = rung_span(point.stage)
        assert low <= point.dau < high


def test_the_checker_rejects_cards_that_disagree() -> None:
    """The checks can fail: the old 'about 1,000 concurrent' card and a wrong rung are caught."""
    with pytest.raises(ValueError):
        parse_users("about 1,000 concurrent users (order of magnitude)")
    too_big = parse_users("about 50,000 daily active users, about 1,000 online at once at peak")
    assert any("outside the single-server rung" in p for p in card_problems("one-server", too_big))
    wrong_online = parse_users("about 1,000 daily active users, about 1,000 online at once at peak")
    assert any("by the book's relation" in p for p in card_problems("one-server", wrong_online))
    ranged = parse_users("5,000 to 10,000 daily active users, 100 to 200 online at once at peak")
    assert ranged == Card((5_000, 10_000), (100, 200))
    assert parse_users(
        "about 50 million daily active users, about 1 million online at once at peak"
    ) == Card((50e6, 50e6), (1e6, 1e6))


def test_relation_is_stated_once_with_its_numbers() -> None:
    """one-server.md states the relation with the model's assumptions; DAU / 48 is 10/1440 x 3."""
    assert BOOK_USAGE.active_minutes_per_day == 10 and BOOK_USAGE.peak_factor == 3
    assert BOOK_USAGE.peak_share == pytest.approx(1 / 48)
    text = re.sub(r"\s+", " ", (CONTENT / "one-server.md").read_text(encoding="utf-8"))
    assert "### From daily to concurrent users" in (CONTENT / "one-server.md").read_text()
    assert "about 10 minutes a day" in text and "| Peak factor | 3 " in text
    assert f"≈ {peak_online(1_000):.0f} at the peak" in text
    assert "DAU ÷ 48" in text


def test_cost_ladder_notes_use_the_same_relation() -> None:
    """The widget turns its DAU into users online with the relation and the reader's peak factor."""
    notes = SPEC.run({**SPEC.defaults(), "dau": 100_000}).notes
    online = next(n for n in notes if n.startswith("Users online at once:"))
    assert "about 2.1k in the busiest hour (peak factor 3)" in online
    faster = SPEC.run({**SPEC.defaults(), "dau": 100_000, "peak_factor": 6}).notes
    assert any("about 4.2k in the busiest hour (peak factor 6)" in n for n in faster)


@given(
    st.floats(1, 1e9),
    st.floats(0.5, 1_440),
    st.floats(1, 20),
)
def test_relation_is_linear_and_invertible(dau: float, minutes: float, peak: float) -> None:
    """Online users grow in proportion to DAU, and the inverse gives DAU back."""
    usage = UsageShape(minutes, peak)
    online = peak_online(dau, usage)
    assert online == pytest.approx(dau * minutes / 1_440 * peak)
    assert peak_online(2 * dau, usage) == pytest.approx(2 * online)
    assert dau_for_peak_online(online, usage) == pytest.approx(dau)
