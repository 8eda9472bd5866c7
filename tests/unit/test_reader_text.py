"""What every widget and action says to its reader reads as English at any in-range setting:
no scientific notation, no NaN or infinity, no negative zero, and a count of one takes the
singular."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings

from live_widgets.core import NumberParam, ParamError, View
from tests.unit.test_hostile_inputs import HOSTILE_SETTINGS, NAMES, SPECS, all_valid_mappings

SCIENTIFIC = re.compile(r"\d(?:\.\d+)?e[+-]?\d", re.IGNORECASE)
NOT_A_NUMBER = re.compile(r"\b(?:nan|inf|infinity)\b", re.IGNORECASE)
# "-0.0 percentage points", "-0%": a rounding of a small negative number, not "-0.05".
NEGATIVE_ZERO = re.compile(r"(?<![\w.])[-\u2212]0(?:\.0+)?(?![\d.])")
# Nouns the widgets count, alone or in a rate ("1 write/s", not "1 writes/s"); "1 ms",
# "1 s" and "1 req/s" are units, not counts, and stay as they are.
COUNTED = (
    "items|servers|cores|shards|copies|writes|requests|users|workers|nines|seconds|minutes"
    "|hours|days|regions|replicas|sessions|jobs|keys|machines|reads|calls|hops|retries|nodes"
)
ONE_PLURAL = re.compile(rf"(?<![\d.,])\b1 (?:{COUNTED})\b")


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
            ("a negative zero", NEGATIVE_ZERO),
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


def _near_one(param: NumberParam) -> list[float]:
    """Values of `param` whose text is likely to read '1': 1 itself and numbers that round to it."""
    near = [1, 1.004, 0.9996] if not param.integer else [1]
    return [v for v in near if param.minimum <= v <= param.maximum]


@pytest.mark.parametrize("name", NAMES)
def test_a_rate_or_count_of_one_takes_the_singular(name: str) -> None:
    """Each number parameter at 1, or at a value shown as 1, the rest at their defaults:
    random settings rarely land there, and that is where '1 writes/s' used to hide."""
    spec = SPECS[name]
    defaults = {param.name: param.default for param in spec.params}
    found = []
    for param in spec.params:
        if not isinstance(param, NumberParam):
            continue
        for value in _near_one(param):
            try:
                view = spec.run({**defaults, param.name: value})
            except ParamError:  # outside a rule between parameters (w <= n, say)
                continue
            found += problems(view)
    assert found == []


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("(-0.0 percentage points)", True),
        ("a change of -0%", True),
        ("a change of \u22120.00 ms", True),
        ("(-0.05 percentage points)", False),
        ("(+0.0 percentage points)", False),
        ("a score of 10-0", False),
        ("-0.5 ms", False),
    ],
)
def test_negative_zero_rule_catches_a_rounded_sign_only(text: str, caught: bool) -> None:
    """The rule finds a sign left on a number that rounds to zero, and nothing else."""
    assert bool(NEGATIVE_ZERO.search(text)) is caught


ACTION_NAMES = [name for name in NAMES if SPECS[name].actions]


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_every_action_text_reads_as_english(name: str) -> None:
    """An action's result (Simulate's summary, say) follows the same rules as the widget's,
    at its defaults and at a few random settings (actions are slow: few examples)."""
    spec = SPECS[name]
    defaults = {param.name: param.default for param in spec.params}

    @settings(
        max_examples=6,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(raw=all_valid_mappings(spec))
    @example(raw=defaults)
    def check(raw: dict[str, object]) -> None:
        for action in spec.actions:
            try:
                view = spec.run_action(action.key, raw)
            except ParamError:
                return
            assert problems(view) == [], (action.key, raw)

    check()
