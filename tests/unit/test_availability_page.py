"""The availability appendix: its table of nines agrees with downtime = (1 - a) x period."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "content" / "availability.md"

MINUTE = 60.0
PERIODS_S = {"year": 365 * 24 * 3600.0, "month": 30 * 24 * 3600.0, "week": 7 * 24 * 3600.0}
UNIT_S = {"second": 1.0, "minute": MINUTE, "hour": 3600.0, "day": 86400.0}
TARGETS = ("99%", "99.9%", "99.95%", "99.99%", "99.999%")
# Cells are rounded to 2 decimals or 3 significant figures; 0.5% covers that and no real error.
TOLERANCE = 0.005


def downtime_s(availability: float, period_s: float) -> float:
    """The formula the page states: (1 - availability) x period."""
    return (1.0 - availability) * period_s


def parse_duration(cell: str) -> float:
    """'3.65 days', '43.2 minutes', '60.48 seconds' -> seconds."""
    match = re.fullmatch(r"([\d,]+(?:\.\d+)?) (second|minute|hour|day)s?", cell.strip())
    assert match, f"not a duration with a unit: {cell!r}"
    return float(match.group(1).replace(",", "")) * UNIT_S[match.group(2)]


def nines_table() -> dict[str, dict[str, float]]:
    """The page's table of nines: availability -> {year, month, week} in seconds."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Availability |"))
    header = [c.strip() for c in lines[start].strip("|").split("|")]
    assert header == [
        "Availability",
        "Downtime per year",
        "Downtime per month",
        "Downtime per week",
    ]
    rows: dict[str, dict[str, float]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = dict(
            zip(("year", "month", "week"), map(parse_duration, cells[1:]), strict=True)
        )
    return rows


def test_table_lists_the_five_targets() -> None:
    """The table has exactly the targets the issue asks for, in order."""
    assert tuple(nines_table()) == TARGETS


@pytest.mark.parametrize("target", TARGETS)
def test_each_cell_matches_the_formula(target: str) -> None:
    """Every cell is (1 - a) x period for a 365-day year, 30-day month and 7-day week."""
    availability = float(target.rstrip("%")) / 100
    row = nines_table()[target]
    for period, period_s in PERIODS_S.items():
        expected = downtime_s(availability, period_s)
        assert row[period] == pytest.approx(expected, rel=TOLERANCE), (target, period)


def test_page_states_the_periods_it_uses() -> None:
    """The prose names the minutes in the year and month the table is computed from."""
    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    assert "365 days (525,600 minutes)" in text
    assert "30 days (43,200 minutes" in text
    assert "7 days (10,080 minutes)" in text


NEXT_NINE = [("99%", "99.9%"), ("99.9%", "99.99%"), ("99.99%", "99.999%")]


@pytest.mark.parametrize(("looser", "tighter"), NEXT_NINE)
def test_each_extra_nine_divides_the_tables_downtime_by_ten(looser: str, tighter: str) -> None:
    """The page's rule of thumb, read off its own table: one more nine leaves a tenth of
    the downtime in every column (within the cells' rounding)."""
    table = nines_table()
    for period in PERIODS_S:
        ratio = table[looser][period] / table[tighter][period]
        assert ratio == pytest.approx(10, rel=2 * TOLERANCE), (looser, tighter, period)
    assert "Each extra nine divides the allowed downtime by ten" in PAGE.read_text(encoding="utf-8")
