"""Embeds as course platforms make them: every widget framed from another origin in four
kinds of frame, the fallback where a sandboxed frame cannot run, the postMessage
contract driven by a page on another origin, links that keep the state, and the
embed guide's snippets (never the build machine's address)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

from book_bench.site_server import Served, serve
from live_widgets.embed_guide import HEIGHT_MESSAGE
from tests.e2e.conftest import Watch
from tests.e2e.test_widgets import ALTERNATES
from tests.e2e.widget_helpers import (
    READY_TIMEOUT_MS,
    assert_outputs_match,
    expected_outputs,
    set_param,
    shown_outputs,
    wait_ready,
    widget,
)
from widgets import all_specs, get_spec

NAMES = [spec.name for spec in all_specs()]
# (id, sandbox attribute or None, width): the four frames the issue names.
FRAMES = [
    ("plain", None, "100%"),
    ("scripts", "allow-scripts", "100%"),
    ("scripts-same-origin", "allow-scripts allow-same-origin", "100%"),
    ("narrow", None, "320"),
]
# The browser's words for scripts refused without CORS headers (the no-CORS host).
CORS_REFUSED = re.compile("blocked by CORS policy|Failed to load resource|net::ERR_FAILED")

# The course page's log: every message from each frame, by the frame's index.
LOG_MESSAGES = """
window.__messages = [];
addEventListener("message", (event) => {
  const frames = [...document.querySelectorAll("iframe")];
  const index = frames.findIndex((f) => f.contentWindow === event.source);
  window.__messages.push({ index, data: event.data });
  if (event.data && event.data.type === HEIGHT && index >= 0) {
    frames[index].style.height = event.data.height + "px";
  }
});
""".replace("HEIGHT", json.dumps(HEIGHT_MESSAGE))


def first_change(name: str) -> tuple[str, object]:
    """A valid, non-default value of the widget's first parameter."""
    first = get_spec(name).params[0].name
    return first, ALTERNATES[name][first]


def course_html(src: str, frames: list[tuple[str, str | None, str]]) -> str:
    iframes = "\n".join(
        f'<iframe id="{fid}" src="{src}" title="Widget {fid}" width="{width}" height="600"'
        + (f' sandbox="{sandbox}"' if sandbox is not None else "")
        + ' style="border:0"></iframe>'
        for fid, sandbox, width in frames
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,"><title>A course page</title>'
        f"<script>{LOG_MESSAGES}</script></head>\n"
        f"<body><h1>Week 3</h1>\n{iframes}\n</body></html>\n"
    )


@pytest.fixture
def course_dir(tmp_path: Path) -> Iterator[tuple[Path, Served]]:
    """A second 127.0.0.1 server (another origin) for the course pages a test writes."""
    with serve(tmp_path) as course:
        yield tmp_path, course


def messages(page: Page, index: int, kind: str) -> list[dict[str, object]]:
    return page.evaluate(
        "([i, t]) => window.__messages.filter((m) => m.index === i && m.data && m.data.type === t)"
        ".map((m) => m.data)",
        [index, kind],
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_widget_in_four_frames_from_another_origin(
    site: Served, page: Page, course_dir: tuple[Path, Served], name: str
) -> None:
    """No sandbox, sandbox="allow-scripts", "allow-scripts allow-same-origin" and a
    320 px frame, from another origin: each shows the URL's setting, goes live with
    CPython's numbers, and sizes its frame by the height it posts."""
    folder, course = course_dir
    param, value = first_change(name)
    src = f"{site.url}embed/{name}/?{urlencode({param: value})}"
    (folder / "index.html").write_text(course_html(src, FRAMES), encoding="utf-8")
    page.goto(course.url)
    for index, (fid, _sandbox, _width) in enumerate(FRAMES):
        frame = page.frame_locator(f"#{fid}")
        root = frame.locator(f'[data-widget="{name}"]')
        expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)
        shown = root.locator(f'[name="{param}"]').input_value()
        assert shown == str(value) or float(shown) == float(value), (fid, shown, value)
        assert_outputs_match(root, name, {param: value})
        page.wait_for_function(
            """([i, type]) => {
                 const posted = window.__messages.filter((m) => m.index === i && m.data.type === type);
                 const frame = document.querySelectorAll("iframe")[i];
                 return posted.length > 0 && Math.round(frame.getBoundingClientRect().height)
                   === posted[posted.length - 1].data.height;
               }""",
            arg=[index, HEIGHT_MESSAGE],
        )
    narrow = page.locator("#narrow")
    assert round(narrow.bounding_box()["width"]) == 320  # type: ignore[index]
    # The narrow frame's content fits its width: no sideways scrolling.
    overflow = (
        page.frame_locator("#narrow")
        .locator("html")
        .evaluate("html => html.scrollWidth - html.clientWidth")
    )
    assert overflow <= 0


def test_sandboxed_frame_without_cors_explains_itself(
    site: Served, page: Page, watch: Watch, course_dir: tuple[Path, Served]
) -> None:
    """On a host that sends no Access-Control-Allow-Origin, a sandbox="allow-scripts"
    frame cannot load the widget's modules: it shows the URL's setting in the form,
    the build-time results, a visible sentence naming the fix, still posts its height,
    and answers the message contract with an error saying why (nothing waits forever)."""
    watch.allow_console.append(CORS_REFUSED)
    name = "cache-hit-rate"
    folder, course = course_dir
    with serve(site.root, cors=False) as plain_host:
        src = f"{plain_host.url}embed/{name}/?cache_size=5000"
        (folder / "index.html").write_text(
            course_html(src, [("scripts", "allow-scripts", "100%")]), encoding="utf-8"
        )
        page.goto(course.url)
        frame = page.frame_locator("#scripts")
        root = frame.locator(f'[data-widget="{name}"]')
        expect(root).to_have_attribute("data-state", "error", timeout=READY_TIMEOUT_MS)
        status = root.locator(".w-status")
        expect(status).to_be_visible()
        expect(status).to_contain_text("allow-same-origin")
        expect(status).to_contain_text("Access-Control-Allow-Origin")
        expect(root.locator('[name="cache_size"]')).to_have_value("5000")
        expect(root.locator(".w-notice")).to_contain_text("5,000")
        assert_outputs_match(root, name, {})  # honest: the build-time results
        page.wait_for_function(
            "type => window.__messages.some((m) => m.index === 0 && m.data.type === type)",
            arg=HEIGHT_MESSAGE,
        )
        first = wait_message(page, "live-widgets:error")
        assert first["error"].startswith("the widget cannot run in this frame: ")
        assert "Access-Control-Allow-Origin" in first["error"]
        post(page, {"type": "live-widgets:get", "version": 1, "id": "g"})
        answer = wait_message(page, "live-widgets:error", 2)
        assert answer["id"] == "g" and answer["error"] == first["error"]
        assert messages(page, 0, "live-widgets:ready") == []


# ---- the postMessage contract -------------------------------------------------------

API_FRAMES = [("api", "allow-scripts", "100%")]


def post(page: Page, message: dict[str, object]) -> None:
    page.evaluate(
        "m => document.querySelector('iframe').contentWindow.postMessage(m, '*')", message
    )


def wait_message(page: Page, kind: str, count: int = 1) -> dict[str, object]:
    page.wait_for_function(
        "([t, n]) => window.__messages.filter((m) => m.data.type === t).length >= n",
        arg=[kind, count],
        timeout=READY_TIMEOUT_MS,
    )
    return messages(page, 0, kind)[count - 1]


def test_embed_contract_driven_from_another_origin(
    site: Served, page: Page, course_dir: tuple[Path, Served]
) -> None:
    """A course page on another origin, framing with sandbox="allow-scripts": the frame
    announces `ready` and each `change` with its parameters and outputs; `set` changes
    the widget (checked with the URL's rules) and `get` reads it; bad messages get an
    error and change nothing."""
    name = "cache-hit-rate"
    folder, course = course_dir
    (folder / "index.html").write_text(
        course_html(f"{site.url}embed/{name}/", API_FRAMES), encoding="utf-8"
    )
    page.goto(course.url)
    ready = wait_message(page, "live-widgets:ready")
    assert ready["version"] == 1 and ready["widget"] == name
    assert ready["params"] == {p.name: p.default for p in get_spec(name).params}
    first = wait_message(page, "live-widgets:change")
    assert first["live"] is True
    expected = expected_outputs(name, {})
    assert {k: v["value"] for k, v in first["outputs"].items()}.keys() >= expected.keys()

    post(
        page,
        {"type": "live-widgets:set", "version": 1, "id": "a", "params": {"cache_size": "5,000"}},
    )
    change = wait_message(page, "live-widgets:change", 2)
    assert change["params"]["cache_size"] == 5000
    assert change["id"] == "a"  # the answer to that `set`
    root = page.frame_locator("iframe").locator(f'[data-widget="{name}"]')
    wait_ready(root)
    assert_outputs_match(root, name, {"cache_size": 5000})
    assert {k: str(v["value"]) for k, v in change["outputs"].items()} == shown_outputs(root)

    post(page, {"type": "live-widgets:get", "version": 1, "id": 7})
    state = wait_message(page, "live-widgets:state")
    assert state["id"] == "7" and state["params"]["cache_size"] == 5000

    refusals = [
        {"type": "live-widgets:set", "version": 1, "id": "r1", "params": {"cache_size": -5}},
        {"type": "live-widgets:set", "version": 1, "id": "r2", "params": {"no_such": 1}},
        {"type": "live-widgets:set", "version": 1, "id": "r3", "params": {"cache_size": {"x": 1}}},
        {"type": "live-widgets:set", "version": 1, "id": "r4", "params": "cache_size=9"},
        {"type": "live-widgets:set", "version": 2, "id": "r5", "params": {"cache_size": 9}},
        {"type": "live-widgets:eval", "version": 1, "id": "r6", "code": "window.__xss = 1"},
        {
            "type": "live-widgets:set",
            "version": 1,
            "id": "r7",
            "params": {"cache_size": 2000, "policy": "<img src=x onerror=window.__xss=1>"},
        },
        # Above its limit, as typing it would be (cache size at most the keys).
        {
            "type": "live-widgets:set",
            "version": 1,
            "id": "r8",
            "params": {"cache_size": 50_000, "keys": 1_000},
        },
    ]
    for message in refusals:
        post(page, message)
    errors = [wait_message(page, "live-widgets:error", n + 1) for n in range(len(refusals))]
    assert [e["id"] for e in errors] == [m["id"] for m in refusals]
    assert all(isinstance(e["error"], str) and e["error"] for e in errors)
    post(page, {"type": "live-widgets:get", "version": 1, "id": "after"})
    wait_message(page, "live-widgets:state", 2)
    after = messages(page, 0, "live-widgets:state")[1]
    assert after["params"]["cache_size"] == 5000  # nothing was half-applied
    assert after["params"]["keys"] == get_spec(name).param("keys").default
    assert "must not exceed" in errors[-1]["error"]
    assert page.frames[1].evaluate("window.__xss === undefined")
    expect(root.locator(".w-notice")).to_be_hidden()
    expect(root.locator(".w-error:not(:empty)")).to_have_count(0)

    # A `set` of the values it already has needs no computing: `state` answers it at once.
    post(
        page,
        {"type": "live-widgets:set", "version": 1, "id": "same", "params": {"cache_size": 5000}},
    )
    same = wait_message(page, "live-widgets:state", 3)
    assert same["id"] == "same" and same["params"]["cache_size"] == 5000


def test_ready_before_python_gives_no_outputs_for_settings_it_has_not_computed(
    site: Served, page: Page, course_dir: tuple[Path, Served]
) -> None:
    """With ?cache_size=5000 the build-time results are the defaults', not the link's:
    `ready` says `outputs: null` rather than pair them with the link's settings, and the
    first `change` brings the link's own results."""
    name = "cache-hit-rate"
    folder, course = course_dir
    src = f"{site.url}embed/{name}/?cache_size=5000"
    (folder / "index.html").write_text(course_html(src, API_FRAMES), encoding="utf-8")
    page.goto(course.url)
    ready = wait_message(page, "live-widgets:ready")
    assert ready["params"]["cache_size"] == 5000
    assert ready["outputs"] is None and ready["live"] is False
    change = wait_message(page, "live-widgets:change")
    root = page.frame_locator("iframe").locator(f'[data-widget="{name}"]')
    wait_ready(root)
    assert {k: str(v["value"]) for k, v in change["outputs"].items()} == shown_outputs(root)
    assert_outputs_match(root, name, {"cache_size": 5000})


def test_a_frame_grows_and_shrinks_with_its_content(
    site: Served, page: Page, course_dir: tuple[Path, Served]
) -> None:
    """Narrow, the widget is tall and its frame follows; widened again, the height it
    posts falls back, so the frame does not keep the narrow layout's blank space."""
    name = "cache-hit-rate"
    folder, course = course_dir
    frames = [("resized", None, "1200")]
    (folder / "index.html").write_text(
        course_html(f"{site.url}embed/{name}/", frames), encoding="utf-8"
    )
    page.set_viewport_size({"width": 1300, "height": 900})
    page.goto(course.url)
    root = page.frame_locator("#resized").locator(f'[data-widget="{name}"]')
    expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)
    last_height = (
        "() => window.__messages.filter((m) => m.data.type === HEIGHT).at(-1)?.data.height".replace(
            "HEIGHT", json.dumps(HEIGHT_MESSAGE)
        )
    )
    page.wait_for_function(f"({last_height})() > 0")
    wide = page.evaluate(last_height)
    page.locator("#resized").evaluate("frame => { frame.width = '390'; }")
    page.wait_for_function(f"({last_height})() > {wide}")
    narrow = page.evaluate(last_height)
    page.locator("#resized").evaluate("frame => { frame.width = '1200'; }")
    page.wait_for_function(f"({last_height})() < {narrow}")
    page.wait_for_function(
        "() => Math.round(document.querySelector('#resized').getBoundingClientRect().height) < "
        f"{narrow}"
    )
    settled = page.evaluate(last_height)
    assert abs(settled - wide) <= 2, (wide, narrow, settled)


def test_a_set_is_applied_at_once_without_the_typing_pause(
    site: Served, page: Page, course_dir: tuple[Path, Served]
) -> None:
    """A `set` from the host is a committed value, not half-typed text: lowering the keys
    below the cache size pulls the cache size down and the outputs follow with the page
    clock stopped, so nothing waits for the 1 s typing pause."""
    name = "cache-hit-rate"
    folder, course = course_dir
    (folder / "index.html").write_text(
        course_html(f"{site.url}embed/{name}/", API_FRAMES), encoding="utf-8"
    )
    page.clock.install()
    page.goto(course.url)
    wait_message(page, "live-widgets:ready")
    wait_message(page, "live-widgets:change")
    # From here on, timers (the typing pause among them) run only if the test moves time.
    now = datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, tz=UTC)
    page.clock.pause_at(now + timedelta(milliseconds=100))
    keys = 500  # below the default cache size (1,000 items): the rule clamps it
    assert get_spec(name).param("cache_size").default > keys
    post(page, {"type": "live-widgets:set", "version": 1, "id": "k", "params": {"keys": keys}})
    change = wait_message(page, "live-widgets:change", 2)
    assert change["params"]["keys"] == keys
    assert change["params"]["cache_size"] == keys
    root = page.frame_locator("iframe").locator(f'[data-widget="{name}"]')
    expect(root.locator('[name="cache_size"]')).to_have_value(str(keys))
    expect(root).to_have_attribute("data-state", "ready")
    assert_outputs_match(root, name, {"keys": keys, "cache_size": keys})


def test_theme_and_compact_parameters(site: Served, page: Page) -> None:
    """?theme=dark darkens the page whatever the system says, ?theme=light lightens it
    (given twice, the last accepted value counts, as for the widget's parameters);
    ?compact=1 hides the lede, notes and tools; neither is reported as unknown."""
    name = "cache-hit-rate"
    page.emulate_media(color_scheme="light")
    page.goto(f"{site.url}embed/{name}/?theme=dark&compact=1&cache_size=5000")
    root = widget(page, name)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(30, 33, 41)"
    for hidden in (".w-lede", ".w-notes", ".w-tools"):
        expect(root.locator(hidden)).to_be_hidden()
    expect(root.locator(".w-outputs")).to_be_visible()
    wait_ready(root)
    expect(root.locator(".w-notice")).to_be_hidden()
    assert_outputs_match(root, name, {"cache_size": 5000})

    page.emulate_media(color_scheme="dark")
    page.goto(f"{site.url}embed/{name}/?theme=dark&theme=light&theme=purple")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    expect(widget(page, name).locator(".w-lede")).to_be_visible()
    expect(widget(page, name).locator(".w-notice")).to_have_text(
        "Ignored theme 'purple': use light, dark or auto."
    )


# ---- links that keep the state ------------------------------------------------------


def test_open_on_its_own_page_keeps_a_chapters_settings(site: Served, page: Page) -> None:
    """On a chapter, after a change, "Open on its own page" leads to the widget's embed
    page with the current settings (and nothing else)."""
    name = "cache-hit-rate"
    page.goto(f"{site.url}caching/")
    root = widget(page, name)
    wait_ready(root)
    set_param(root, "cache_size", 5000)
    wait_ready(root)
    link = root.locator(".w-open-embed")
    link.hover()
    href = urlsplit(link.get_attribute("href") or "")
    assert href.path.endswith(f"/embed/{name}/")
    assert dict(parse_qsl(href.query)) == {"cache_size": "5000"}


def test_an_embed_page_on_its_own_shares_but_does_not_link_to_itself(
    site: Served, page: Page
) -> None:
    """Opened on its own, an embed page hides "Open on its own page" (it would open the
    same page again), and Share's link carries the current settings."""
    name = "cache-hit-rate"
    page.goto(f"{site.url}embed/{name}/")
    root = widget(page, name)
    wait_ready(root)
    expect(root.locator(".w-open-embed")).to_be_hidden()
    set_param(root, "cache_size", 5000)
    wait_ready(root)
    root.locator(".w-share-toggle").click()
    shared = root.locator(".w-share-link").input_value()
    assert dict(parse_qsl(urlsplit(shared).query)) == {"cache_size": "5000"}
    assert urlsplit(shared).path.endswith(f"/embed/{name}/")


def test_links_inside_a_frame_open_a_new_tab(
    site: Served, page: Page, course_dir: tuple[Path, Served]
) -> None:
    """Framed, every link out of the widget ("Open on its own page", the model's source,
    the footer's) opens a new tab with rel=noopener, and the first carries the state."""
    name = "cache-hit-rate"
    folder, course = course_dir
    (folder / "index.html").write_text(
        course_html(f"{site.url}embed/{name}/?cache_size=5000", [("f", None, "100%")]),
        encoding="utf-8",
    )
    page.goto(course.url)
    frame = page.frame_locator("#f")
    root = frame.locator(f'[data-widget="{name}"]')
    wait_ready(root)
    links = frame.locator(".w-open-embed, .w-sources a, .w-embed-footer a")
    assert links.count() >= 3
    for index in range(links.count()):
        link = links.nth(index)
        assert link.get_attribute("target") == "_blank", link.get_attribute("href")
        assert "noopener" in (link.get_attribute("rel") or "")
    open_link = frame.locator(".w-open-embed")
    expect(open_link).to_be_visible()  # in a frame it leads somewhere: a page of its own
    with page.context.expect_page() as opened:
        open_link.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert dict(parse_qsl(urlsplit(tab.url).query)) == {"cache_size": "5000"}
    expect(tab.locator('[name="cache_size"]')).to_have_value("5000")
    tab.close()
    assert page.url == course.url  # the course page is still there


# ---- the guide ----------------------------------------------------------------------


def test_built_guide_has_no_build_machine_address(site: Served, page: Page) -> None:
    """The site is built with site_url at 127.0.0.1, yet the guide's text never shows a
    loopback address; in the browser its snippets name the reader's own address."""
    html = (site.root / "embed-guide" / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", html, re.S)
    assert article
    for address in ("127.0.0.1", "localhost", "[::1]", "0.0.0.0"):
        assert address not in article.group(0), address
    page.goto(f"{site.url}embed-guide/")
    snippet = page.locator("pre code", has_text="<iframe src=").first
    expect(snippet).to_contain_text(f'<iframe src="{site.url}embed/')
