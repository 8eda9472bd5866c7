"""Resilience: hostile URLs on embed pages, and runtime faults in the browser.

Whatever arrives in a query string is shown as text and ignored with a notice; a
missing Pyodide, a missing wheel or a computation that never ends leaves the page
readable with a clear message, and the next input recovers; a crashed worker is
replaced without the reader noticing (see also test_faults.py).
"""

from __future__ import annotations

import math
import random
import re
from urllib.parse import parse_qsl

import pytest
from playwright.sync_api import Dialog, Page, Route, expect

from book_bench.site_server import Served
from live_widgets.core import ChoiceParam, NumberParam, Param, WidgetSpec
from tests.e2e.conftest import Watch
from tests.e2e.route_fault import Fault
from tests.e2e.test_widgets import ALTERNATES
from tests.e2e.widget_helpers import (
    OUTPUTS_OF_ROOT,
    SAVING_DATA,
    assert_outputs_match,
    assert_shown_outputs_match,
    set_param,
    wait_ready,
    widget,
)
from widgets import all_specs, get_spec

NAMES = [spec.name for spec in all_specs()]
FAILED_LOAD = re.compile("Failed to load resource|net::ERR_FAILED")
PYODIDE_FILES = re.compile(r"/assets/vendor/pyodide/")
WORKER_SCRIPT = re.compile(r"/assets/live-widgets/[0-9a-f]+/js/worker\.js(\?.*)?$")
XSS = "window.__xss=1"

# {p}: the widget's first parameter, {q}: its second, {P}: the first in capitals.
NASTY_QUERIES = [
    "{p}=<script>" + XSS + "</script>",
    '{p}="><img src=x onerror="' + XSS + '">',
    "<img src=x onerror=" + XSS + ">=1",
    "{p}=javascript:" + XSS,
    "next=javascript:" + XSS + "&{q}=1",
    "{p}=%3Csvg%20onload%3D" + XSS.replace("=", "%3D") + "%3E",
    "{p}=<iframe srcdoc='<script>parent." + XSS + "</script>'>",
    "{p}=1e999",
    "{p}=-1e999",
    "{p}=99999999999999999999999999999999999999999",
    "{p}=-5",
    "{p}=NaN&{q}=Infinity",
    "{p}=",
    "{p}",
    "{p}=1&{p}=2&{p}=abc&{p}=",
    "=1",
    "&&&=&",
    "{p}=%",
    "{p}=%E0%A4%A",
    "{p}=%F0%9F%92%A9",
    "{p}=%D9%A1%D9%A2%D9%A3",  # Arabic-Indic digits: CPython's float() takes them, the browser not
    "{p}=%EF%BC%91%EF%BC%92",  # full-width digits
    "{p}=0x10&{q}=1.5",
    "{p}=1_000&{q}=+5e2",
    "{P}=5",
    "__proto__=1&constructor=1&toString=x&hasOwnProperty=1",
    "{p}=1;{q}=2",
    "{p}=%00&{q}=%0A",
    "{p}=" + "9" * 3000,
    "x" * 120 + "=1",
    "%C3%BCn%C3%AFc%C3%B6d%C3%A9=1&%E5%90%8D%E5%89%8D=%E5%80%A4",
    "{p}=1+2&{q}=%2B1",
    "{p}=1#<script>" + XSS + "</script>",
]


def random_queries(count: int, seed: str) -> list[str]:
    """Seeded random query strings built from characters that break naive parsers (each
    widget its own seed, so the book as a whole meets many different ones)."""
    rng = random.Random(seed)
    pieces = ["<", ">", '"', "'", "&", "=", "%20", "%3C", "e", "E", "-", "+", ".", "9", "0", "_"]
    pieces += [",", "é", "😀", "{p}", "{q}", "script", "NaN", "1e308", " ", "%22", "null"]
    queries = []
    for _ in range(count):
        pairs = []
        for _ in range(rng.randint(1, 4)):
            name = rng.choice(["{p}", "{q}", "".join(rng.choices(pieces, k=rng.randint(1, 4)))])
            pairs.append(name + "=" + "".join(rng.choices(pieces, k=rng.randint(0, 6))))
        queries.append("&".join(pairs))
    return queries


_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\Z", re.ASCII)


def browser_value(param: Param, raw: str) -> object | None:
    """What the browser accepts for `raw` (params.js `coerce`), or None if it ignores it."""
    if isinstance(param, ChoiceParam):
        text = raw.strip().lower()
        return text if text in param.values else None
    assert isinstance(param, NumberParam)
    text = raw.strip().replace("_", "").replace(",", "")
    if not _NUMBER.match(text):
        return None
    value = float(text)
    if not math.isfinite(value) or (param.integer and not value.is_integer()):
        return None
    return value if param.minimum <= value <= param.maximum else None


def shown_prefix(name: str) -> str:
    """The part of a name the notice quotes: at most 40 UTF-16 code units."""
    out, units = "", 0
    for char in name:
        units += 2 if ord(char) > 0xFFFF else 1
        if units > 40:
            break
        out += char
    return out


def fill(query: str, spec: WidgetSpec) -> str:
    first, second = spec.params[0].name, spec.params[1].name
    return query.replace("{p}", first).replace("{q}", second).replace("{P}", first.upper())


# Everything check_url_state looks at, read in one round trip (the fuzz opens ~600 pages).
_URL_STATE = f"""root => {{
  const notice = root.querySelector(".w-notice");
  return {{
    form: root.querySelector(".w-form") !== null,
    xss: window.__xss !== undefined,
    search: location.search,
    notice: notice.textContent,
    noticeShown: notice.checkVisibility({{ visibilityProperty: true }}),
    noticeMarkup: notice.querySelectorAll("*").length,
    inputs: Object.fromEntries([...root.querySelectorAll(".w-form [name]")].map((el) => [el.name, el.value])),
    outputs: {OUTPUTS_OF_ROOT},
  }};
}}"""


def check_url_state(page: Page, spec: WidgetSpec, query: str) -> None:
    """The page shows the accepted values, and a text notice naming everything ignored."""
    state = widget(page, spec.name).evaluate(_URL_STATE)
    assert state["form"], f"?{query}: no form"
    assert not state["xss"], f"script ran for ?{query}"
    text = state["notice"]
    final: dict[str, object] = {}
    missing: list[str] = []
    ignored = 0
    for name, raw in parse_qsl(state["search"].removeprefix("?"), keep_blank_values=True):
        param = next((p for p in spec.params if p.name == name), None)
        if param is None:
            expected = f"Ignored unknown parameter '{shown_prefix(name)}"
        else:
            value = browser_value(param, raw)
            if value is not None:
                final[name] = value
                continue
            expected = f"Ignored {param.label} ({name}):"
        ignored += 1
        if expected not in text:
            missing.append(expected)
    # Cross-parameter rules (spec.rules) clamp what breaks them, as Python's lenient
    # validation does, with a notice saying the value used.
    values = {**spec.defaults(), **final}
    for rule in spec.rules:
        if rule.broken(values):
            values[rule.param] = values[rule.limit]
            final[rule.param] = float(values[rule.param])  # type: ignore[arg-type]
            ignored += 1
            if "must not exceed" not in text:
                missing.append(f"{rule.param} must not exceed {rule.limit}")
    assert not missing, f"?{query}: the notice {text!r} does not mention {missing}"
    if ignored:
        assert state["noticeShown"], f"?{query}: notice hidden"
    else:
        assert not state["noticeShown"], f"?{query}: notice for nothing"
    assert state["noticeMarkup"] == 0, f"?{query}: markup in the notice"
    for name, value in final.items():
        shown = state["inputs"][name]
        if isinstance(value, float):
            assert float(shown) == value, f"?{query}: {name} shows {shown}, not {value}"
        else:
            assert shown == value, f"?{query}: {name} shows {shown}, not {value}"
    # The page's own results are untouched.
    assert_shown_outputs_match(state["outputs"], spec.name, {})


def test_hostile_query_strings_are_ignored_with_a_notice(
    site: Served, page: Page, watch: Watch
) -> None:
    """~40 nasty query strings on every embed page (the fixed ones, and 7 random ones of
    the widget's own): no script runs, no page error, the widget stays, and the notice
    names everything it ignored (as text). The reader saves data, so no page starts
    Python: the query is read the same way, and ~600 pages take a third less time than
    with Python's files refused."""
    page.context.add_init_script(SAVING_DATA)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    for spec in all_specs():
        for template in NASTY_QUERIES + random_queries(7, seed=spec.name):
            query = fill(template, spec)
            page.goto(f"{site.url}embed/{spec.name}/?{query}")
            check_url_state(page, spec, query)
            assert not dialogs, f"?{query} opened a dialog: {dialogs}"
            assert not watch.console_errors, f"?{query}: {watch.console_errors}"
            python = [url for url in watch.requests if PYODIDE_FILES.search(url)]
            assert not python, f"?{query}: Python started for a reader saving data: {python}"


# ---- runtime faults ---------------------------------------------------------------------


def alternate(name: str) -> tuple[str, object]:
    """A valid, non-default change of the widget's first parameter."""
    first = get_spec(name).params[0].name
    return first, ALTERNATES[name][first]


def assert_readable_error(page: Page, name: str, message: re.Pattern[str]) -> None:
    """Error state with a message; the static results and the page around them remain."""
    root = widget(page, name)
    expect(root).to_have_attribute("data-state", "error", timeout=60_000)
    expect(root.locator(".w-status")).to_contain_text(message)
    assert_outputs_match(root, name, {})
    expect(root.locator(".w-figures svg").first).to_be_visible()
    expect(page.locator("h1").first).to_be_visible()


def assert_next_input_recovers(page: Page, name: str) -> None:
    root = widget(page, name)
    param, value = alternate(name)
    set_param(root, param, value)
    wait_ready(root)
    assert_outputs_match(root, name, {param: value})


def crashing_worker(mode: str) -> str:
    """Appended to worker.js: misbehave on the first request ("crash" or "hang")."""
    misbehave = (
        'setTimeout(() => { throw new Error("simulated crash"); });'
        if mode == "crash"
        else "for (;;) {}"
    )
    return f"""
;(() => {{
  const original = self.onmessage;
  self.onmessage = (event) => {{
    if (event.data.type === "request") {{ {misbehave} return; }}
    return original(event);
  }};
}})();
"""


def sabotage_first_worker(page: Page, mode: str) -> None:
    """The first worker the page starts misbehaves; later ones are the real thing."""
    served: list[str] = []

    def handle(route: Route) -> None:
        if served:
            route.continue_()
            return
        served.append(route.request.url)
        response = route.fetch()
        route.fulfill(response=response, body=response.text() + crashing_worker(mode))

    page.context.route(WORKER_SCRIPT, handle)


def test_missing_pyodide_files(site: Served, page: Page, watch: Watch) -> None:
    """Pyodide's files unreachable: error state with Retry and the static results; once
    they are back, the next input brings Python up with CPython's numbers."""
    watch.allow_console.append(FAILED_LOAD)
    name = "cache-hit-rate"
    fault = Fault(page, PYODIDE_FILES, lambda route: route.abort()).install()
    page.goto(f"{site.url}embed/{name}/")
    assert_readable_error(page, name, re.compile("Python could not start"))
    expect(widget(page, name).locator(".w-retry")).to_be_visible()
    fault.clear()
    assert_next_input_recovers(page, name)


def test_embed_worker_that_failed_before_the_page_took_it_over(
    site: Served, page: Page, watch: Watch
) -> None:
    """An embed page's early worker can fail before the widget code has loaded (here
    Pyodide's files are unreachable and that code is held back until the failure is
    in): the widget still shows the error with Retry, and the next input, once the
    files are back, starts a new worker that recovers."""
    watch.allow_console.append(FAILED_LOAD)
    name = "cache-hit-rate"
    held: list[Route] = []
    fault = Fault(page, PYODIDE_FILES, lambda route: route.abort()).install()
    page.context.route(re.compile(r"/js/boot\.js(\?.*)?$"), lambda route: held.append(route))
    page.goto(f"{site.url}embed/{name}/", wait_until="commit")
    page.wait_for_function(
        "() => (window.__liveWidgetsEarlyWorker?.messages || []).some((m) => m.type === 'fatal')"
    )
    held[0].continue_()
    assert_readable_error(page, name, re.compile("Python could not start"))
    expect(widget(page, name).locator(".w-retry")).to_be_visible()
    fault.clear()
    assert_next_input_recovers(page, name)
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 2


def test_missing_widget_wheel(site: Served, page: Page, watch: Watch) -> None:
    """The models' wheel answering 404: a clear error naming the models and a Retry that
    works once the wheel is back; then inputs recompute as usual."""
    watch.allow_console.append(FAILED_LOAD)
    name = "reshard"
    # The snapshot carries the models too: take it away so the wheel is needed.
    wheel = re.compile(r"(\.whl|widgets-snapshot\.bin)$")
    fault = Fault(page, wheel, lambda route: route.fulfill(status=404, body="not here")).install()
    page.goto(f"{site.url}embed/{name}/")
    assert_readable_error(page, name, re.compile("models did not load"))
    fault.clear()
    root = widget(page, name)
    root.locator(".w-retry").click()
    wait_ready(root)
    assert_outputs_match(root, name, {})
    expect(root.locator(".w-retry")).to_be_hidden()
    assert_next_input_recovers(page, name)


def test_worker_crash_mid_computation(site: Served, page: Page, watch: Watch) -> None:
    """The worker dies while computing the first result: the runtime replaces it at once
    and sends the same request to the new one, so the widget goes live by itself (no
    Retry needed); the next input recomputes as usual."""
    watch.allow_console.append(re.compile("simulated crash"))
    name = "cost-ladder"
    sabotage_first_worker(page, "crash")
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    assert_outputs_match(root, name, {})
    expect(root.locator(".w-retry")).to_be_hidden()
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 2
    assert page.evaluate("window.__liveWidgets.runtime.replaced") == 1
    assert_next_input_recovers(page, name)


CRASH_DURING_ACTION = """
async () => {
  const runtime = window.__liveWidgets.runtime;
  document.querySelector(".w-action").click();
  for (let i = 0; i < 10 && !runtime.inflight; i++) await null;  // sent, not yet answered
  const inflight = Boolean(runtime.inflight);
  const worker = runtime.worker;
  worker.terminate();
  worker.dispatchEvent(new ErrorEvent("error", { message: "simulated crash" }));
  return inflight;
}
"""


def test_worker_crash_during_an_action(site: Served, page: Page) -> None:
    """The worker is killed while an action runs: a new worker takes over and runs the
    action again, so its result still arrives and its button works again; the widget
    stays live and the next input recomputes."""
    name = next(spec.name for spec in all_specs() if spec.actions)
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    assert page.evaluate(CRASH_DURING_ACTION), "the action was not in flight"
    expect(root.locator(".w-action-result dl")).to_be_visible(timeout=60_000)
    expect(root.locator(".w-action").first).to_be_enabled()
    expect(root.locator(".w-retry")).to_be_hidden()
    assert page.evaluate("window.__liveWidgets.runtime.replaced") == 1
    assert_outputs_match(root, name, {})
    assert_next_input_recovers(page, name)


def test_computation_that_never_ends(site: Served, page: Page) -> None:
    """A computation stuck in an endless loop is stopped at the runtime's time limit with
    a message saying so; the next input starts a fresh worker and recovers."""
    name = "cache-hit-rate"
    sabotage_first_worker(page, "hang")
    page.goto(f"{site.url}embed/{name}/")
    assert_readable_error(page, name, re.compile("took too long"))
    assert_next_input_recovers(page, name)
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 2


@pytest.mark.parametrize("name", NAMES)
def test_query_helpers_cover_the_widget(name: str) -> None:
    """The URL fuzz can name two parameters of every widget (a guard on the test itself)."""
    spec = get_spec(name)
    assert len(spec.params) >= 2
    assert "{p}" not in fill("{p}={q}", spec)
