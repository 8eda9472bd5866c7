"""The browser (params.js, run in Node) reads parameters exactly as Python does.

One table of URL queries: for each, WidgetSpec.validate_lenient and params.js
`readQuery` must give the same values and the same notices, word for word. The JS
reads the spec JSON the build embeds (WidgetSpec.to_json), rules included.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from urllib.parse import urlencode

import pytest

from live_widgets.core import NumberParam, ParamError
from live_widgets.core.format import plain_number
from live_widgets.generator import ASSETS
from widgets import all_specs, get_spec

PARAMS_JS = ASSETS / "js" / "params.js"
NODE = shutil.which("node")

Case = tuple[str, dict[str, str]]

CASES: list[Case] = [
    # In range, as people type numbers.
    ("cache-hit-rate", {}),
    ("cache-hit-rate", {"keys": "5000", "cache_size": "200", "skew": "0.8", "policy": "fifo"}),
    ("capacity", {"arrival_rps": "1,500", "cores": " 8 "}),
    ("cost-ladder", {"dau": "1_000_000", "read_ratio": ".95", "peak_factor": "+2.5"}),
    ("scaling-curve", {"coherency": "1e-3", "nodes": "1024"}),
    ("cache-hit-rate", {"hit_ms": "1 _", "miss_ms": "\x1c20\x85"}),  # Python's whitespace
    # Out of range.
    ("cache-hit-rate", {"keys": "5"}),
    ("cache-hit-rate", {"cache_size": "20000000"}),
    ("capacity", {"service_ms": "0.01"}),
    ("scaling-curve", {"contention": "-0.1"}),
    ("load-balancing", {"utilisation": "0.99"}),
    ("cost-ladder", {"dau": "1e12", "static_mb_per_user": "1000.5"}),
    # Not a number.
    ("cache-hit-rate", {"skew": "abc"}),
    ("cache-hit-rate", {"keys": ""}),
    ("cache-hit-rate", {"keys": "   "}),
    ("cache-hit-rate", {"keys": "_,_"}),
    ("cache-hit-rate", {"keys": "_ _"}),
    ("cache-hit-rate", {"keys": "0x10", "skew": "1e"}),
    ("cache-hit-rate", {"keys": "\ufeff5000"}),  # not whitespace to Python
    ("cache-hit-rate", {"keys": "inf", "skew": "NaN", "hit_ms": "-Infinity"}),
    ("cache-hit-rate", {"keys": "1e400"}),
    ("cache-hit-rate", {"skew": "<script>alert('and more than forty characters')</script>"}),
    ("cache-hit-rate", {"skew": "\N{GRINNING FACE}" * 45}),  # 40 characters, not UTF-16 units
    # Whole numbers.
    ("cache-hit-rate", {"keys": "1000.5"}),
    ("capacity", {"cores": "2.5"}),
    ("reshard", {"vnodes": "1e2", "from_shards": "8.0"}),
    ("load-balancing", {"seed": "1.000001"}),
    # Choices, in other case or not at all.
    ("cache-hit-rate", {"policy": "LFU"}),
    ("cache-hit-rate", {"policy": " Fifo "}),
    ("cache-hit-rate", {"policy": "random"}),
    ("cache-hit-rate", {"policy": ""}),
    ("load-balancing", {"slow_server": "ONE_AT_HALF_SPEED"}),
    # Unknown names.
    ("cache-hit-rate", {"size": "10"}),
    ("cache-hit-rate", {"Keys": "10"}),
    ("cache-hit-rate", {"x" * 60: "1"}),
    ("cache-hit-rate", {"__proto__": "1", "constructor": "2"}),
    ("cache-hit-rate", {"ключ" * 15: "1"}),
    # Rule: cache_size at most keys.
    ("cache-hit-rate", {"keys": "100", "cache_size": "5000"}),
    ("cache-hit-rate", {"keys": "500"}),
    ("cache-hit-rate", {"cache_size": "200000"}),
    ("cache-hit-rate", {"cache_size": "1e6"}),
    ("cache-hit-rate", {"keys": "abc", "cache_size": "200000"}),
    ("cache-hit-rate", {"keys": "1,234,567", "cache_size": "2000000"}),
    ("cache-hit-rate", {"keys": "10", "cache_size": "10"}),
    ("cache-hit-rate", {"cache_size": "5000", "keys": "1,000"}),
]

KNOWN_DIVERGENCES: list[Case] = [
    # CPython's float() reads other scripts' digits; the browser ignores them with a
    # notice, as tests/e2e/test_resilience.py expects.
    ("cache-hit-rate", {"keys": "\uff11\uff12\uff13"}),
]

# Every rule of every widget, broken as far as it goes: the bounded parameter at its
# maximum, its limit at its minimum.
EVERY_RULE_BROKEN: list[Case] = [
    (spec.name, {rule.param: str(spec.param(rule.param).maximum), rule.limit: str(limit.minimum)})
    for spec in all_specs()
    for rule in spec.rules
    if isinstance(limit := spec.param(rule.limit), NumberParam)
]

RULE_BREAKERS: list[dict[str, str]] = [
    {"keys": "100", "cache_size": "5000"},
    {"cache_size": "200000"},
    {"keys": "1234567", "cache_size": "2000000"},
]

NUMBERS = [
    0,
    -0.0,
    5,
    1_234_567,
    0.5,
    0.05,
    1e-5,
    1234.5678,
    12345.25,
    100000.5,
    999999.5,
    1.19209e-07,
    -2e-5,
    9.9999999e-8,
    1_234_567.5,
    2.5e20 + 0.5,
]


def query(raw: dict[str, str]) -> str:
    return urlencode(raw)


def case_key(case: Case) -> str:
    return f"{case[0]}?{query(case[1])}"


def case_id(case: Case) -> str:
    return case_key(case)[:70]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Every case run through params.js in one Node process."""
    if NODE is None:
        pytest.skip("Node.js is not installed")
    driver = tmp_path_factory.mktemp("params-js") / "driver.mjs"
    driver.write_text(
        f"import * as params from {json.dumps(PARAMS_JS.resolve().as_uri())};\n"
        'import { readFileSync } from "node:fs";\n'
        'const job = JSON.parse(readFileSync(0, "utf8"));\n'
        "const strict = (spec, raw) => {\n"
        "  const values = Object.fromEntries(spec.params.map((p) => [p.name, p.default]));\n"
        "  for (const [name, text] of Object.entries(raw)) {\n"
        "    values[name] = params.coerce(spec.params.find((p) => p.name === name), text);\n"
        "  }\n"
        "  return params.ruleError(spec, values);\n"
        "};\n"
        "console.log(JSON.stringify({\n"
        "  queries: job.queries.map((q) => params.readQuery(q.spec, q.search, q.base)),\n"
        "  strict: job.strict.map((s) => strict(s.spec, s.raw)),\n"
        "  plain: job.numbers.map(params.plain),\n"
        "}));\n",
        encoding="utf-8",
    )
    cases = CASES + EVERY_RULE_BROKEN + KNOWN_DIVERGENCES
    cache = get_spec("cache-hit-rate").to_json()
    job = {
        "queries": [
            {
                "spec": get_spec(name).to_json(),
                "search": query(raw),
                "base": get_spec(name).defaults(),
            }
            for name, raw in cases
        ],
        "strict": [{"spec": cache, "raw": raw} for raw in RULE_BREAKERS],
        "numbers": NUMBERS,
    }
    done = subprocess.run(
        [NODE, "--no-warnings", str(driver)],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    return {
        "queries": {
            case_key(case): result for case, result in zip(cases, out["queries"], strict=True)
        },
        "strict": out["strict"],
        "plain": out["plain"],
    }


@pytest.mark.parametrize(
    "case",
    [
        *CASES,
        *EVERY_RULE_BROKEN,
        *(
            pytest.param(case, marks=pytest.mark.xfail(strict=True, reason="non-ASCII digits"))
            for case in KNOWN_DIVERGENCES
        ),
    ],
    ids=case_id,
)
def test_read_query_gives_pythons_values_and_notices(case: Case, browser: dict) -> None:
    """A shared or embedded link shows the same values and notices as Python would give."""
    name, raw = case
    values, notices = get_spec(name).validate_lenient(raw)
    got = browser["queries"][case_key(case)]
    assert got["notices"] == list(notices)
    assert got["values"] == dict(values)


def test_the_table_covers_every_rule_and_every_notice_kind() -> None:
    """The cases above really break cache-hit-rate's rule and reach every Python notice."""
    assert [rule.to_json() for rule in get_spec("cache-hit-rate").rules] == [
        {"kind": "at_most", "param": "cache_size", "limit": "keys"}
    ]
    assert len({case_key(case) for case in CASES}) == len(CASES), "a case is listed twice"
    notices = " ".join(
        notice for name, raw in CASES for notice in get_spec(name).validate_lenient(raw)[1]
    )
    for fragment in (
        "must not exceed",
        "is not a number",
        "is empty; give a number",
        "must be a finite number",
        "must be a whole number",
        "must be from",
        "is not one of",
        "Ignored unknown parameter",
    ):
        assert fragment in notices, fragment


def test_typed_value_above_its_limit_gets_pythons_strict_message(browser: dict) -> None:
    """ruleError, shown when the reader types a bounded value, says what Python's
    strict validation says, in the labels the reader sees."""
    spec = get_spec("cache-hit-rate")
    expected = []
    for raw in RULE_BREAKERS:
        with pytest.raises(ParamError) as error:
            spec.validate(raw)
        expected.append(error.value.message)
    assert browser["strict"] == expected
    assert expected[0] == "Cache size must not exceed Distinct keys (100)"


def test_plain_formats_numbers_as_plain_number(browser: dict) -> None:
    """Numbers inside notices (ranges, limits) are written as Python's plain_number."""
    assert browser["plain"] == [plain_number(x) for x in NUMBERS]
