"""The replication-lag widget's declaration and view: names, rules, edges, overload, chart."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from live_widgets.core import AtMost, NumberParam, ParamError, View
from widgets import get_spec
from widgets.replication_lag.spec import SPEC

OUTPUTS = ["mean_lag_ms", "stale_read_probability", "writes_lost_on_failover", "quorum_overlap"]
PARAMS = ["write_rps", "apply_rps", "network_ms", "read_after_ms", "n", "w", "r"]
BAD_WORDS = re.compile(r"\b(nan|inf|infinity|infinite)\b", re.IGNORECASE)


def all_text(view: View) -> str:
    """Everything a reader sees as text: outputs, summary, notes, figure titles and alts."""
    parts = [o.text for o in view.outputs] + [view.summary, *view.notes]
    parts += [f"{f.title} {f.alt} {f.svg}" for f in view.figures]
    return " ".join(parts)


def assert_sound(view: View) -> None:
    """Declared outputs in order, JSON without NaN, no nan/inf words, values readable:
    numbers finite (fractions in 0-1, times and counts not negative) or 'unbounded'."""
    assert [o.name for o in view.outputs] == OUTPUTS
    json.dumps(view.to_json(), allow_nan=False)
    assert not BAD_WORDS.search(all_text(view))
    for output in view.outputs:
        value = output.value
        if isinstance(value, str):
            assert value == "unbounded"
            assert output.name in ("mean_lag_ms", "writes_lost_on_failover")
            continue
        assert math.isfinite(value)
        if output.name == "stale_read_probability":
            assert 0.0 <= value <= 1.0
        elif output.name != "quorum_overlap":
            assert value >= 0 and not re.search(r"-\d", output.text)


def test_declares_the_contract_names_and_rules() -> None:
    """Name, parameter and output names in order, defaults, and w <= n, r <= n as data."""
    assert SPEC.name == "replication-lag"
    assert get_spec("replication-lag") is SPEC
    assert [p.name for p in SPEC.params] == PARAMS
    assert [o.name for o in SPEC.outputs] == OUTPUTS
    assert SPEC.rules == (AtMost("w", "n"), AtMost("r", "n"))
    assert SPEC.defaults() == {
        "write_rps": 1_000,
        "apply_rps": 1_200,
        "network_ms": 1,
        "read_after_ms": 10,
        "n": 3,
        "w": 2,
        "r": 2,
    }
    for name in ("n", "w", "r"):
        param = SPEC.param(name)
        assert isinstance(param, NumberParam) and param.integer
    json.dumps(SPEC.to_json())


def test_quorum_rules_reject_more_acks_than_copies() -> None:
    """w > n and r > n are refused naming the parameter; w = r = n is fine."""
    for name in ("w", "r"):
        with pytest.raises(ParamError) as caught:
            SPEC.run({"n": 3, name: 4})
        assert caught.value.name == name
    assert SPEC.run({"n": 3, "w": 3, "r": 3}).output("quorum_overlap").value == 3


def test_defaults_match_the_contract_formulas() -> None:
    """6 ms lag, e^-1.8 = 16.5% stale, 6 writes at risk, overlap 1."""
    view = SPEC.run({})
    assert_sound(view)
    assert view.output("mean_lag_ms").value == pytest.approx(1 + 1000 / 200)
    assert view.output("stale_read_probability").value == pytest.approx(math.exp(-200 * 9 / 1000))
    assert view.output("stale_read_probability").text == "16.5%"
    assert view.output("writes_lost_on_failover").value == pytest.approx(1000 * 6 / 1000)
    assert view.output("quorum_overlap").value == 2 + 2 - 3  # w + r - n
    assert "16.5%" in view.summary


@pytest.mark.parametrize(
    "params",
    [
        {"write_rps": 10, "apply_rps": 20, "network_ms": 0, "read_after_ms": 1},
        {"write_rps": 5_000, "apply_rps": 6_000, "network_ms": 40, "read_after_ms": 30},
        {"write_rps": 5_000, "apply_rps": 6_000, "network_ms": 40, "read_after_ms": 50},
        {"write_rps": 99_000, "apply_rps": 100_000, "network_ms": 200, "read_after_ms": 60_000},
    ],
)
def test_outputs_follow_the_formulas_at_several_points(params: dict[str, float]) -> None:
    """Each numeric output against the contract's formula, written again here."""
    view = SPEC.run(params)
    assert_sound(view)
    lam, mu = params["write_rps"], params["apply_rps"]
    d, a = params["network_ms"], params["read_after_ms"]
    lag = d + 1000 / (mu - lam)
    stale = 1.0 if a < d else math.exp(-(mu - lam) * (a - d) / 1000)
    assert view.output("mean_lag_ms").value == pytest.approx(lag)
    assert view.output("stale_read_probability").value == pytest.approx(stale)
    assert view.output("writes_lost_on_failover").value == pytest.approx(lam * lag / 1000)


@pytest.mark.parametrize("write", [1_200, 2_000, 100_000])
def test_overload_is_said_in_words(write: float) -> None:
    """write_rps >= apply_rps: lag and writes at risk are 'unbounded', said in words; the
    stale-read probability is 1; the quorum output still means something."""
    view = SPEC.run({"write_rps": write})
    assert_sound(view)
    assert view.output("mean_lag_ms").value == "unbounded"
    assert "without bound" in view.output("mean_lag_ms").text
    assert view.output("writes_lost_on_failover").value == "unbounded"
    assert view.output("stale_read_probability").value == 1.0
    assert view.output("quorum_overlap").value == 1
    assert "without bound" in view.summary
    assert "Overloaded" in view.figures[0].svg


def test_no_overlap_is_said_in_words() -> None:
    """w + r <= n: the overlap is 0 or negative and the text says reads may miss the write."""
    view = SPEC.run({"n": 5, "w": 2, "r": 2})
    assert view.output("quorum_overlap").value == -1
    assert "may miss" in view.output("quorum_overlap").text


def test_equal_looking_percentiles_are_said_once() -> None:
    """When the network delay dominates, p99 and p99.9 round to the same time: the note
    gives it once instead of '99% within 1 ms and 99.9% within 1 ms'."""
    view = SPEC.run({"write_rps": 1, "apply_rps": 200_000, "network_ms": 1})
    assert "99% and 99.9% of writes are visible on the replica within 1 ms" in view.notes[0]
    default = SPEC.run({})
    assert (
        "99% of writes are visible on the replica within 24 ms and 99.9% within 36 ms"
        in (default.notes[0])
    )


def test_a_replica_with_no_network_delay_is_not_called_0_ms_away() -> None:
    """network_ms 0 reads 'with no network delay', not '0 ms away'."""
    assert "with no network delay" in SPEC.run({"network_ms": 0}).summary
    assert "0 ms away" not in SPEC.run({"network_ms": 0}).summary
    assert ", 1 ms away," in SPEC.run({}).summary


@pytest.mark.parametrize("param", [p for p in SPEC.params if isinstance(p, NumberParam)])
@pytest.mark.parametrize("edge", ["minimum", "maximum"])
def test_every_edge_runs_cleanly(param: NumberParam, edge: str) -> None:
    """Each parameter at its minimum and maximum (quorum sizes kept legal): a sound view."""
    params: dict[str, float] = {param.name: getattr(param, edge)}
    if param.name == "n":
        params.update(w=1, r=1)
    if param.name in ("w", "r") and edge == "maximum":
        params["n"] = 9
    assert_sound(SPEC.run(params))


def test_all_maxima_and_all_minima_together() -> None:
    """Every number at its maximum at once, then at its minimum: still sound."""
    numbers = [p for p in SPEC.params if isinstance(p, NumberParam)]
    assert_sound(SPEC.run({p.name: p.maximum for p in numbers}))
    assert_sound(SPEC.run({p.name: p.minimum for p in numbers}))


@settings(max_examples=80, deadline=None)
@given(
    st.floats(1, 100_000),
    st.floats(1, 200_000),
    st.floats(0, 200),
    st.floats(1, 60_000),
    st.integers(1, 9),
    st.data(),
)
def test_any_valid_setting_gives_a_sound_view(
    write: float, apply: float, network: float, read_after: float, n: int, data: st.DataObject
) -> None:
    """Hypothesis over the whole valid range, quorum sizes within n: every view is sound."""
    w = data.draw(st.integers(1, n))
    r = data.draw(st.integers(1, n))
    view = SPEC.run(
        {
            "write_rps": write,
            "apply_rps": apply,
            "network_ms": network,
            "read_after_ms": read_after,
            "n": n,
            "w": w,
            "r": r,
        }
    )
    assert_sound(view)
    assert view.output("quorum_overlap").value == w + r - n


def test_chart_marks_the_current_read_back() -> None:
    """One figure, wide and narrow, with the current point labelled and a text alternative."""
    (figure,) = SPEC.run({}).figures
    assert figure.svg.count("<svg") == 2
    assert "16.5% stale at 10 ms" in figure.svg
    assert "10 ms" in figure.alt and "16.5%" in figure.alt
