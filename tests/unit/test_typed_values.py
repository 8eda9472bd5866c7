"""What a reader types into a number box (params.js readTyped, run in Node): it is
accepted exactly when the URL's reading (coerce, Python's rules) accepts it against
the range the slider shows, and refused in the reader's words: the label, the range
with its unit, and the other field's label when that field sets the bound."""

from __future__ import annotations

import json

import pytest

from live_widgets.generator import ASSETS
from tests.node_module import NODE, run_module
from widgets import get_spec

PARAMS_JS = ASSETS / "js" / "params.js"

pytestmark = pytest.mark.skipif(NODE is None, reason="Node is needed to run params.js")

TYPED = ["500", " 2_000 ", "1,000", "", "  ", "1e", "abc", "1.5", "inf", "nan", "1e999",
         "0", "-3", "100000", "100001", "20000000", "١٢٣"]  # fmt: skip


def read_all(name: str, param: str, values: dict[str, object]) -> list[dict[str, object]]:
    """For each of TYPED: readTyped's answer, and whether coerce accepts it against the
    slider's (bounded) range."""
    spec = get_spec(name)
    script = (
        f"const m = await import({json.dumps(PARAMS_JS.as_uri())});"
        f"const spec = {json.dumps(spec.to_json())}; const values = {json.dumps(values)};"
        f"const name = {json.dumps(param)};"
        "const param = m.bounded(spec, spec.params.find((p) => p.name === name), values);"
        f"console.log(JSON.stringify({json.dumps(TYPED)}.map((text) => {{"
        "  let coerced = true; try { m.coerce(param, text); } catch { coerced = false; }"
        "  return { ...m.readTyped(spec, name, text, values), coerced };"
        "})));"
    )
    answers = run_module(script)
    assert isinstance(answers, list)
    return answers


def test_typing_accepts_exactly_what_the_urls_reading_accepts() -> None:
    """One rule for validity: a typed value goes to Python if and only if coerce takes it."""
    spec = get_spec("cache-hit-rate")
    for answer in read_all("cache-hit-rate", "cache_size", {**spec.defaults(), "keys": 100000}):
        assert ("value" in answer) == answer["coerced"], answer


def test_each_refusal_is_in_the_readers_words() -> None:
    """Empty, not a number, not whole, out of range, and over the bound another field sets."""
    spec = get_spec("cache-hit-rate")
    answers = dict(
        zip(
            TYPED,
            read_all("cache-hit-rate", "cache_size", {**spec.defaults(), "keys": 100000}),
            strict=True,
        )
    )
    bound = "from 1 to 100,000 items"
    assert answers[""]["message"] == f"Cache size is empty; type a number {bound}"
    assert answers["abc"]["message"] == f"Cache size must be a number {bound}"
    assert answers["1.5"]["message"] == f"Cache size must be a whole number {bound}"
    assert answers["0"]["message"] == f"Cache size must be {bound}"
    assert answers["100001"]["message"] == (
        "Cache size must not exceed Distinct keys (100,000 keys); type 100,000 or less, "
        "or raise Distinct keys first"
    )
    assert answers["1,000"] == {"value": 1000, "coerced": True}
