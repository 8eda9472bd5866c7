"""What every widget says to its reader reads as English at any in-range setting: no
scientific notation, no NaN or infinity, and a count of one takes the singular."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

from live_widgets.core import ParamError, View
from tests.unit.test_hostile_inputs import HOSTILE_SETTINGS, NAMES, SPECS, all_valid_mappings

SCIENTIFIC = re.compile(r"\d(?:\.\d+)?e[+-]?\d", re.IGNORECASE)
NOT_A_NUMBER = re.compile(r"\b(?:nan|inf|infinity)\b", re.IGNORECASE)
# Nouns the widgets count; "1 ms" and "1 s" are units, not counts, and stay as they are.
COUNTED = (
    "items|servers|cores|shards|copies|writes|requests|users|workers|nines|seconds|minutes"
    "|hours|days|regions|replicas|sessions|jobs|keys|machines|reads|calls|hops|retries|nodes"
)
ONE_PLURAL = re.compile(rf"(?<![\d.,])\b1 (?:{COUNTED})\b(?!/)")


def texts(view: View) -> list[str]:
    """Every piece of text a reader sees: outputs, summary, notes, figure titles and alt."""
    found = [o.text for o in view.outputs] + [view.summary, *view.notes]
    for figure in view.figures:
        found += [figure.title, figure.alt]
    return found


def problems(view: View) -> list[str]:
    """Each text that breaks one of the rules, with the rule it breaks."""
    found = []
    for text in texts(view):
        for rule, pattern in (
            ("scientific notation", SCIENTIFIC),
            ("not a number", NOT_A_NUMBER),
            ("a plural after 1", ONE_PLURAL),
        ):
            if pattern.search(text):
                found.append(f"{rule}: {text}")
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_text_reads_as_english_at_any_setting(name: str) -> None:
    """Any in-range combination (edges included): each text the reader sees is free of
    scientific notation, NaN and infinity, and says '1 server', not '1 servers'."""
    spec = SPECS[name]

    @HOSTILE_SETTINGS
    @given(raw=all_valid_mappings(spec))
    def check(raw: dict[str, object]) -> None:
        try:
            view = spec.run(raw)
        except ParamError:
            return
        assert problems(view) == [], raw

    check()
