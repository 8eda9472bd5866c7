"""A chapter's widget settings live in the page's address: they survive a reload, are
restored before Python starts, and Share's link carries them. Each widget keeps its own
key (its name), so a chapter can hold several widgets and other query parameters."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from book_bench.site_server import Served
from tests.e2e.conftest import Watch
from tests.e2e.test_widgets import ALTERNATES, HOSTS, NAMES
from tests.e2e.widget_helpers import (
    PYODIDE_BINARY,
    assert_outputs_match,
    block_params,
    reveal,
    set_param,
    wait_ready,
    widget,
)


def same(text: str, value: object) -> bool:
    """A value as the browser writes it (1e-05 may read 0.00001) is `value`."""
    if isinstance(value, str):
        return text == value
    return float(text) == float(value)  # type: ignore[arg-type]


def first_change(name: str, block: dict[str, object]) -> tuple[str, object]:
    """A parameter and a valid value that differs from what the chapter's block sets."""
    for param, value in ALTERNATES[name].items():
        if block.get(param) != value:
            return param, value
    raise AssertionError(f"{name}: no alternate differs from the block")


@pytest.mark.parametrize("name", NAMES)
def test_a_change_survives_a_reload(site: Served, page: Page, name: str) -> None:
    """Change a value in a chapter, reload: the value is back, with live results for it,
    and the change added no history entry."""
    page.goto(site.url + HOSTS[name])
    root = widget(page, name)
    reveal(root)
    wait_ready(root)
    params = block_params(root)
    param, value = first_change(name, params)
    entries = page.evaluate("history.length")
    set_param(root, param, value)
    wait_ready(root)
    query = dict(parse_qsl(urlsplit(page.url).query))
    assert list(query) == [f"{name}.{param}"], page.url
    assert same(query[f"{name}.{param}"], value), page.url
    assert page.evaluate("history.length") == entries  # replaceState, not a new entry

    page.reload()
    root = widget(page, name)
    box = root.locator(f'[name="{param}"]')
    expect(root).to_have_attribute("data-hydrated", "true")  # restored while hydrating
    assert same(box.input_value(), value)
    expect(root.locator(".w-notice")).to_be_hidden()
    reveal(root)
    wait_ready(root)
    assert_outputs_match(root, name, {**params, param: value})


def test_restored_before_python_starts(site: Served, page: Page, watch: Watch) -> None:
    """With Python held back, a chapter opened with settings in its address shows them
    in the form at once, and marks the build-time results as not yet for them."""
    watch.allow_console.append(re.compile("Failed to load resource|net::ERR_FAILED"))
    held: list[Route] = []
    page.context.route(PYODIDE_BINARY, lambda route: held.append(route))
    name = "cache-hit-rate"
    page.goto(f"{site.url}{HOSTS[name]}?{urlencode({f'{name}.cache_size': 5000})}")
    root = widget(page, name)
    expect(root.locator('[name="cache_size"]')).to_have_value("5000")
    expect(root).to_have_class(re.compile(r"\bw-stale\b"))
    for route in held:
        route.abort()


def test_an_invalid_value_in_the_address_gives_a_notice_and_the_default(
    site: Served, page: Page
) -> None:
    """A bad value under the widget's key is ignored with a visible notice (as on an
    embed page) naming the field's label and the value used; the widget uses the
    chapter's value (here the default) and its live results."""
    name = "cache-hit-rate"
    query = urlencode({f"{name}.cache_size": "lots", "h": "cache"})  # h: not the widget's
    page.goto(f"{site.url}{HOSTS[name]}?{query}")
    root = widget(page, name)
    notice = root.locator(".w-notice")
    expect(notice).to_be_visible()
    # The reader's label, the link's name in brackets, and the value used, with its unit.
    expect(notice).to_contain_text("Ignored Cache size (cache_size): 'lots' is not a number")
    expect(notice).to_contain_text("using the default, 1,000 items.")
    params = block_params(root)
    default = params.get("cache_size", 1000)
    expect(root.locator('[name="cache_size"]')).to_have_value(str(default))
    reveal(root)
    wait_ready(root)
    assert_outputs_match(root, name, params)
    # Once live, the address keeps only what is valid, and what is not the widget's.
    assert dict(parse_qsl(urlsplit(page.url).query)) == {"h": "cache"}


def test_an_invalid_value_names_the_value_the_chapter_sets(site: Served, page: Page) -> None:
    """Where the chapter's block sets the field (tail-latency's fan-out of 100 backends),
    the notice about a bad value in the address names the field by its label and says
    that the block's value is used, not "the default"; the widget uses that value."""
    name = "tail-latency"
    page.goto(f"{site.url}{HOSTS[name]}?{urlencode({f'{name}.fanout': 'many'})}")
    root = widget(page, name)
    params = block_params(root)
    assert params.get("fanout") == 100, params  # the test's premise: the block sets it
    notice = root.locator(".w-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_text(
        "Ignored Fan-out (fanout): 'many' is not a number; "
        "using the value this chapter sets, 100 backends."
    )
    expect(root.locator('[name="fanout"]')).to_have_value("100")
    reveal(root)
    wait_ready(root)
    assert_outputs_match(root, name, params)


def test_share_links_to_the_chapter_with_the_settings(site: Served, page: Page) -> None:
    """On a chapter, Share's link is the chapter itself with the settings, scrolled to the
    widget; opening it restores them. The iframe snippet stays the embed page's."""
    name = "cache-hit-rate"
    page.goto(site.url + HOSTS[name])
    root = widget(page, name)
    reveal(root)
    wait_ready(root)
    set_param(root, "cache_size", 5000)
    wait_ready(root)
    root.locator(".w-share-toggle").click()
    link = root.locator(".w-share-link").input_value()
    parts = urlsplit(link)
    assert parts.path.endswith("/" + HOSTS[name])
    assert dict(parse_qsl(parts.query)) == {f"{name}.cache_size": "5000"}
    assert parts.fragment == root.get_attribute("id")
    assert f"embed/{name}/?cache_size=5000" in root.locator(".w-share-iframe").input_value()
    page.goto(link)
    expect(widget(page, name).locator('[name="cache_size"]')).to_have_value("5000")


KEYS = """
async () => {
  const boot = document.querySelector('script[src$="/js/boot.js"]').src;
  const { chapterKey, chapterQuery, withChapterQuery } = await import(boot.replace(/boot\\.js$/, "url-state.js"));
  const first = document.querySelector('[data-widget="cache-hit-rate"]');
  const copy = first.cloneNode(false);
  first.after(copy);
  const keys = [chapterKey(first), chapterKey(copy)];
  copy.remove();
  const search = "?h=x&cache-hit-rate.keys=5&cache-hit-rate_2.keys=7&cache-hit-rate.policy=lfu";
  return {
    keys,
    first: chapterQuery(search, "cache-hit-rate"),
    second: chapterQuery(search, "cache-hit-rate_2"),
    written: withChapterQuery("http://h/c/?h=x&cache-hit-rate.keys=5#a", "cache-hit-rate", "?cache_size=9"),
    cleared: withChapterQuery("http://h/c/?cache-hit-rate.keys=5", "cache-hit-rate", ""),
  };
}
"""


def test_each_widget_on_a_chapter_has_its_own_key(site: Served, page: Page) -> None:
    """A second copy of a widget on a page gets its own key, and each widget reads and
    writes only its own part of the address, leaving the rest (and the fragment) alone."""
    page.goto(site.url + HOSTS["cache-hit-rate"])
    found = page.evaluate(KEYS)
    assert found == {
        "keys": ["cache-hit-rate", "cache-hit-rate_2"],
        "first": "?keys=5&policy=lfu",
        "second": "?keys=7",
        "written": "http://h/c/?h=x&cache-hit-rate.cache_size=9#a",
        "cleared": "http://h/c/",
    }
