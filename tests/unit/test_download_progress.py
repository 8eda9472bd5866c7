"""What a reader is told while Python downloads (runtime.js, run in Node), what a
reader who saves data is offered (embed.py's early start reads saving-data.js),
and the byte counts the build gives the browser for both."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from book_bench.site_server import Served, runtime_dir
from live_widgets.bundle.compressed import SUFFIX
from live_widgets.embed import early_start
from live_widgets.errors import BookError
from live_widgets.generator import ASSETS, BINARY, START_FILES
from live_widgets.saving_data import saving_data_expression
from tests.node_module import NODE, run_module
from widgets import all_specs

RUNTIME_JS = ASSETS / "js" / "runtime.js"


def _node(expression: str) -> object:
    """Evaluate `expression` with runtime.js's exports in scope, in Node."""
    script = (
        f"const m = await import({json.dumps(RUNTIME_JS.as_uri())});"
        f"console.log(JSON.stringify(({expression})));"
    )
    return run_module(script)


needs_node = pytest.mark.skipif(NODE is None, reason="Node is needed to run runtime.js")


@needs_node
def test_download_text_says_megabytes_done_of_total_and_time_left() -> None:
    """The status line reads "3.2 of 20.8 MB downloaded, about 15 s left", rounds the
    estimate as a person would, and is empty once nothing is left to download."""
    cases = _node(
        "[m.downloadText({got: 3.2e6, expected: 20.8e6, secondsLeft: 14}),"
        " m.downloadText({got: 3.2e6, expected: 20.8e6, secondsLeft: NaN}),"
        " m.downloadText({got: 20e6, expected: 20.8e6, secondsLeft: 2}),"
        " m.downloadText({got: 1e6, expected: 20.8e6, secondsLeft: 200}),"
        " m.downloadText({got: 20.8e6, expected: 20.8e6, secondsLeft: 0}),"
        " m.downloadText({got: 0, expected: 0, secondsLeft: NaN})]"
    )
    assert cases == [
        "3.2 of 20.8 MB downloaded, about 15 s left.",
        "3.2 of 20.8 MB downloaded.",
        "20.0 of 20.8 MB downloaded, a few seconds left.",
        "1.0 of 20.8 MB downloaded, about 3 min left.",
        "",
        "",
    ]


@needs_node
def test_seconds_left_is_what_remains_at_the_recent_rate() -> None:
    """At a steady rate r over the window, the estimate is (expected - got) / r: checked
    against that formula for 300 drawn cases, from a slow phone link to a fast LAN (one
    Node run for all of them)."""
    draw = random.Random(20261205)
    expected = 30e6
    cases = []
    for _ in range(300):
        rate = 10 ** draw.uniform(3, 8)  # bytes per second
        seconds = draw.uniform(2.0, 5.0)
        start = draw.uniform(0, 0.4) * expected
        got = min(start + rate * seconds, expected * 0.99)
        rate = (got - start) / seconds
        middle = start + rate * seconds / 2
        samples = [[0, start], [seconds * 500, middle], [seconds * 1000, got]]
        cases.append((samples, (expected - got) / rate))
    found = _node(f"{json.dumps([c[0] for c in cases])}.map((s) => m.secondsLeft(s, {expected}))")
    assert isinstance(found, list)
    for left, (_, wanted) in zip(found, cases, strict=True):
        assert left == pytest.approx(wanted, rel=1e-9)


@needs_node
def test_a_file_that_lands_whole_does_not_make_a_slow_link_look_fast() -> None:
    """At 187.5 kB/s (1.5 Mbit/s), one second in which a module import lands whole (1.4 MB
    at once) leaves the estimate at the link's pace: 35.5 s for the 6.66 MB left, where the
    mean rate of that window said about 14 s. Bursts (most seconds empty) still get one."""
    pace, jump, expected = 187_500, 1_400_000, 9_000_000
    got = [0, pace, 2 * pace, 3 * pace + jump, 4 * pace + jump, 5 * pace + jump]
    steady = [[i * 1000, b] for i, b in enumerate(got)]
    left = (expected - got[-1]) / pace
    bursts = [[0, 0], [1000, 0], [2000, 0], [3000, 600_000]]
    found = _node(
        f"[m.secondsLeft({json.dumps(steady)}, {expected}), m.secondsLeft({json.dumps(bursts)}, 1800000)]"
    )
    assert found == [pytest.approx(left), pytest.approx(6.0)]


@needs_node
def test_seconds_left_waits_for_two_seconds_of_bytes() -> None:
    """No estimate from a single sample, from under two seconds, or while nothing arrives."""
    assert _node(
        "[m.secondsLeft([[0, 5]], 10), m.secondsLeft([[0, 0], [1500, 5]], 10),"
        " m.secondsLeft([[0, 5], [3000, 5]], 10)].map(Number.isNaN)"
    ) == [True, True, True]


def test_built_embed_pages_and_the_service_worker_run_the_expression_of_saving_data_js(
    site: Served,
) -> None:
    """Every built embed page's inline early start, and the built service worker, decide
    "saving data" with the expression savingData() returns in saving-data.js (read here
    on its own), so neither downloads Python or the site that a chapter would not."""
    source = (ASSETS / "js" / "saving-data.js").read_text(encoding="utf-8")
    found = re.search(r"export function savingData\(\) \{\s*return (.+?);\n\}", source)
    assert found, "savingData() no longer returns a single expression"
    for spec in all_specs():
        html = (site.root / "embed" / spec.name / "index.html").read_text(encoding="utf-8")
        assert f"const savingData = {found.group(1)};" in html, spec.name
    worker = (site.root / "live-widgets-sw.js").read_text(encoding="utf-8")
    assert f"const saveData = () => ({found.group(1)});" in worker


def test_the_early_start_follows_saving_data_js_when_it_changes(tmp_path: Path) -> None:
    """The early start is built from the module's text, not a copy: a different return
    expression in saving-data.js is what the inline script runs."""
    module = tmp_path / "saving-data.js"
    module.write_text(
        "export function savingData() {\n  return navigator.connection?.saveData === true;\n}\n",
        encoding="utf-8",
    )
    assert saving_data_expression(module) == "navigator.connection?.saveData === true"
    script = early_start("/", "assets/x", module)
    assert "const savingData = navigator.connection?.saveData === true;" in script
    assert "2g" not in script


@pytest.mark.parametrize(
    "body",
    [
        "  const c = navigator.connection;\n  return c?.saveData === true;\n",
        "  if (!navigator.connection) return false;\n  return true;\n",
        "  return navigator.connection?.saveData === true; // on\n",
        '  return "</script>" === "";\n',
    ],
    ids=["two-statements", "early-return", "trailing-comment", "closes-the-script"],
)
def test_the_build_stops_when_saving_data_changes_shape(tmp_path: Path, body: str) -> None:
    """A savingData() that is not one `return <expression>;` fails the build with a
    message naming saving-data.js and saying what shape it must have."""
    module = tmp_path / "saving-data.js"
    module.write_text(f"export function savingData() {{\n{body}}}\n", encoding="utf-8")
    with pytest.raises(BookError, match=r"saving-data\.js: savingData\(\) must be a single"):
        early_start("/", "assets/x", module)


@pytest.mark.parametrize(
    "text",
    [
        "export const savingData = () => false;\n",
        "export function savingData() {\n  return 1;\n}\n" * 2,
    ],
    ids=["missing", "twice"],
)
def test_the_build_stops_without_exactly_one_saving_data(tmp_path: Path, text: str) -> None:
    """No `export function savingData()` (or two of them) fails the build, naming the file."""
    module = tmp_path / "saving-data.js"
    module.write_text(text, encoding="utf-8")
    with pytest.raises(
        BookError, match=r"saving-data\.js: expected one `export function savingData"
    ):
        saving_data_expression(module)


def test_the_build_states_what_a_start_downloads(site: Served) -> None:
    """runtime.json lists the size of exactly the Pyodide files a start fetches (the
    binary as its gzip copy) and of the wheel, and download.json's total (what "Start
    Python" says it downloads, with no snapshot for a reader who saves data) is those
    files plus the wheel, as on disk."""
    folder = runtime_dir(site.root)
    manifest = json.loads((folder / "runtime.json").read_text(encoding="utf-8"))
    pyodide = site.root / "assets" / "vendor" / "pyodide"
    for name, size in manifest["pyodide"]["sizes"].items():
        assert (pyodide / name).stat().st_size == size, name
    wheel = folder / manifest["wheel"]["url"]
    assert wheel.resolve().stat().st_size == manifest["wheel"]["bytes"]
    fetched = [name + SUFFIX if name == BINARY else name for name in START_FILES]
    assert sorted(manifest["pyodide"]["sizes"]) == sorted(fetched)
    total = json.loads((folder / "download.json").read_text(encoding="utf-8"))["bytes"]
    files = sum((pyodide / name).stat().st_size for name in fetched)
    assert total == files + manifest["wheel"]["bytes"]
