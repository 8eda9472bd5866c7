"""Every widget, driven in Chromium: the contract that pages, embeds and tests rely on."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, Route, expect

from book_bench.site_server import Served
from tests.e2e.conftest import Watch
from tests.e2e.widget_helpers import (
    PYODIDE_BINARY,
    assert_outputs_match,
    block_params,
    expected_outputs,
    reveal,
    set_param,
    wait_ready,
    widget,
)
from tests.widget_declarations import alternates, hosts
from widgets import all_specs, get_spec

# A valid, non-default value for every parameter of every widget, and the chapter that
# hosts each, both read from the declarations and the chapters (no list to keep).
ALTERNATES: dict[str, dict[str, object]] = {spec.name: alternates(spec) for spec in all_specs()}
HOSTS = hosts()
NAMES = [spec.name for spec in all_specs()]


def test_every_widget_has_a_host_and_alternates() -> None:
    """Every declared widget is placed in some chapter, and the browser tests below
    exercise every one of its declared parameters."""
    for spec in all_specs():
        assert set(ALTERNATES[spec.name]) == {p.name for p in spec.params}, spec.name
        assert spec.name in HOSTS


@pytest.mark.parametrize("name", NAMES)
def test_static_outputs_show_before_python(
    site: Served, page: Page, watch: Watch, name: str
) -> None:
    """Reading never waits for Python: with Pyodide held back, the page already shows
    the outputs the CPython model computed at build time."""
    watch.allow_console.append(re.compile("Failed to load resource|net::ERR_FAILED"))
    held: list[Route] = []
    page.context.route(PYODIDE_BINARY, lambda route: held.append(route))
    page.goto(site.url + HOSTS[name])
    root = widget(page, name)
    expect(root).to_have_attribute("data-state", re.compile("static|loading"))
    assert_outputs_match(root, name, block_params(root))
    assert root.locator(".w-figure svg").count() >= 1
    expect(page.locator("article h1")).to_be_visible()
    for route in held:
        route.abort()


@pytest.mark.parametrize("name", NAMES)
def test_each_control_recomputes_to_the_cpython_values(site: Served, page: Page, name: str) -> None:
    """The widget reaches `ready`; changing each control gives what CPython gives."""
    page.goto(site.url + HOSTS[name])
    root = widget(page, name)
    reveal(root)
    wait_ready(root)
    params = block_params(root)
    assert_outputs_match(root, name, params)
    for param, value in ALTERNATES[name].items():
        set_param(root, param, value)
        params[param] = value
        expect(root).to_have_attribute("data-state", "ready")
        expect(root.locator(".w-number[aria-invalid='true']")).to_have_count(0)
        assert_outputs_match(root, name, params)


@pytest.mark.parametrize("name", NAMES)
def test_embed_page_round_trips_url_state(site: Served, page: Page, name: str) -> None:
    """/embed/<name>/?<params> opens in that state, and Share links back to it."""
    params = dict(list(ALTERNATES[name].items())[:2])
    page.goto(f"{site.url}embed/{name}/?{urlencode(params)}")
    root = widget(page, name)
    for param, value in params.items():
        expect(root.locator(f'[name="{param}"]')).to_have_value(str(value))
    expect(root.locator(".w-notice")).to_be_hidden()
    wait_ready(root)
    assert_outputs_match(root, name, params)
    root.locator(".w-share-toggle").click()
    link = root.locator(".w-share-link").input_value()
    assert link.startswith(f"{site.url}embed/{name}/?")
    for param, value in params.items():
        assert f"{param}={value}" in link
    assert link in root.locator(".w-share-iframe").input_value()


@pytest.mark.parametrize("name", NAMES)
def test_bad_url_values_fall_back_with_a_notice(site: Served, page: Page, name: str) -> None:
    """Unknown or invalid query values are ignored with a visible notice, never as HTML."""
    first_param = get_spec(name).params[0]
    first = first_param.name
    query = urlencode({first: "<img src=x onerror=alert(1)>", "nonsense": "1"})
    page.on("dialog", lambda dialog: pytest.fail(f"script ran: {dialog.message}"))
    page.goto(f"{site.url}embed/{name}/?{query}")
    root = widget(page, name)
    notice = root.locator(".w-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"Ignored {first_param.label} ({first}):")
    expect(notice).to_contain_text("Ignored unknown parameter 'nonsense'")
    assert notice.locator("img").count() == 0
    wait_ready(root)
    assert_outputs_match(root, name, {})


def test_runtime_failure_leaves_the_page_readable(site: Served, page: Page, watch: Watch) -> None:
    """If Pyodide cannot load, the widget says so and offers a retry; the static
    results and the chapter stay readable."""
    watch.allow_console.append(re.compile("Failed to load resource|net::ERR_FAILED"))
    page.context.route(PYODIDE_BINARY, lambda route: route.abort())
    page.goto(site.url + HOSTS["cache-hit-rate"])
    root = widget(page, "cache-hit-rate")
    root.scroll_into_view_if_needed()
    expect(root).to_have_attribute("data-state", "error", timeout=60_000)
    expect(root.locator(".w-status")).to_contain_text("Python could not start")
    expect(root.locator(".w-retry")).to_be_visible()
    assert_outputs_match(root, "cache-hit-rate", {})
    expect(page.locator("article h2").first).to_be_visible()


def test_instant_navigation_shares_one_python(site: Served, page: Page) -> None:
    """Moving between two widget chapters by instant navigation starts no second Pyodide."""
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site.url + HOSTS["cache-hit-rate"])
    wait_ready(widget(page, "cache-hit-rate"))
    page.get_by_role("navigation", name="Navigation").get_by_role(
        "link", name="10. Sharding"
    ).click()
    page.wait_for_url(re.compile(r"sharding/(#.*)?$"))
    root = widget(page, "reshard")
    wait_ready(root)
    assert_outputs_match(root, "reshard", {})
    assert page.evaluate("window.__liveWidgets.runtime.starts") == 1
    python_workers = [url for url in workers if url.endswith("/js/worker.js")]
    assert len(python_workers) == 1, workers


def test_expected_outputs_helper_matches_declared_outputs() -> None:
    """The comparison helper covers every declared output (a guard on the tests themselves)."""
    for spec in all_specs():
        assert set(expected_outputs(spec.name, {})) == {o.name for o in spec.outputs}
