"""Daily active users and users online at once: the one relation the whole book uses.

    average users online = DAU x active minutes per user a day / 1,440 minutes
    peak users online    = average x peak factor

With the book's assumptions (about 10 active minutes per user a day, for example two visits
of five minutes, and a peak factor of 3) that is DAU x 10 / 1,440 x 3 = DAU / 48: about one
daily user in fifty is online in the busiest hour. Both numbers are stated assumptions, not
measurements; the derivation is Little's law (users online = arrivals x time each one stays),
and the book explains it in chapter 1 (One server, "From daily to concurrent users").

The stage cards of every chapter quote a DAU figure and the peak users online this relation
gives, and tests/unit/test_stage_numbers.py keeps them in step with the cost ladder's rungs.
"""

from __future__ import annotations

from dataclasses import dataclass

MINUTES_PER_DAY = 1_440.0


@dataclass(frozen=True)
class UsageShape:
    """How long a daily user is active and how peaky the day is (stated assumptions)."""

    active_minutes_per_day: float = 10.0
    """Assumption: about two visits of five minutes each per daily active user."""
    peak_factor: float = 3.0
    """Busiest hour / daily average: the book's default peak factor (glossary)."""

    def __post_init__(self) -> None:
        if not 0 < self.active_minutes_per_day <= MINUTES_PER_DAY or self.peak_factor < 1:
            raise ValueError("usage: active minutes must be in (0, 1440], peak factor >= 1")

    @property
    def peak_share(self) -> float:
        """Share of DAU online together at the peak: 10 / 1,440 x 3 = 1/48 by default."""
        return self.active_minutes_per_day / MINUTES_PER_DAY * self.peak_factor


BOOK_USAGE = UsageShape()


def average_online(dau: float, usage: UsageShape = BOOK_USAGE) -> float:
    """Users online at an average moment: DAU x active minutes / 1,440."""
    return dau * usage.active_minutes_per_day / MINUTES_PER_DAY


def peak_online(dau: float, usage: UsageShape = BOOK_USAGE) -> float:
    """Users online together in the busiest hour (peak concurrent users)."""
    return dau * usage.peak_share


def dau_for_peak_online(online: float, usage: UsageShape = BOOK_USAGE) -> float:
    """The inverse: how many daily active users give this many online at the peak."""
    return online / usage.peak_share
