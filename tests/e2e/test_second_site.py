"""The plugin in someone else's MkDocs site: tests/fixtures/course_site, a Material site
with one widget folder of its own and nothing of this book's."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from book_bench.site_server import Served, build_site, serve
from tests.e2e.conftest import Watch
from tests.e2e.test_embed_frames import course_html, post, wait_message
from tests.e2e.widget_helpers import READY_TIMEOUT_MS

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "course_site"


def _copy(tmp: Path) -> Path:
    """The fixture site, copied so a test may change it; its relative paths to the
    repository's node_modules and cache are kept by copying it to the same depth."""
    site = tmp / "a" / "b" / "course_site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp / "node_modules").symlink_to(FIXTURE.parents[2] / "node_modules")
    return site


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    out = tmp_path_factory.mktemp("course-out")
    with serve(out) as served:
        build_site(FIXTURE, out, served.url)
        yield served


def test_builds_with_its_own_widget_and_shows_build_time_numbers(course: Served) -> None:
    """The course's widget is placed by its block, with numbers computed at build time,
    an embed page, and a guide entry; the book's own widgets are nowhere."""
    index = (course.root / "index.html").read_text(encoding="utf-8")
    assert 'data-widget="doubling"' in index
    assert 'data-output="months" data-value="10"' in index  # 10 * 2**10 >= 10,000
    assert (course.root / "embed/doubling/index.html").is_file()
    assert (course.root / "embed/countdown/index.html").is_file()
    guide = (course.root / "guide/index.html").read_text(encoding="utf-8")
    assert 'data-widget-reference="countdown"' in guide
    assert "cache-hit-rate" not in index + guide
    assert not (course.root / "embed/cache-hit-rate").exists()


def test_widget_goes_live_and_recomputes(course: Served, page: Page, watch: Watch) -> None:
    """In the browser, the course's widget goes live on Pyodide and recomputes when the
    reader changes a value (after answering its prediction)."""
    page.goto(course.url)
    root = page.locator('[data-widget="doubling"]')
    expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)
    page.locator(".w-predict-skip").click()
    field = root.locator('input[type="number"][name="target_rps"], input[name="target_rps"]').first
    field.fill("1000000")
    field.press("Enter")
    expect(root.locator('[data-output="months"]')).to_have_attribute(
        "data-value", "17", timeout=READY_TIMEOUT_MS
    )
    expect(root).to_have_attribute("data-state", "ready")


def test_embed_page_honours_its_query(course: Served, page: Page, watch: Watch) -> None:
    """The course widget's embed page reads its state from the URL and goes live."""
    page.goto(course.url + "embed/countdown/?spent_s=45")
    root = page.locator('[data-widget="countdown"]')
    expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)
    expect(root.locator('[data-output="left_s"]')).to_have_attribute("data-value", "15")


@pytest.mark.parametrize("tamper", [False, True])
def test_tampered_wheel_is_refused(course: Served, page: Page, watch: Watch, tamper: bool) -> None:
    """The lock file carries the wheel's sha256: the same route serving the real bytes
    goes live, while one changed byte makes the browser's integrity check refuse the
    download ("Failed to fetch") and the widget say so, with a Retry."""
    watch.allow_console.append(re.compile(r"widget models did not load|Failed to fetch"))

    def serve_wheel(route: Route) -> None:
        body = route.fetch().body()
        if tamper:
            middle = len(body) // 2
            body = body[:middle] + bytes([body[middle] ^ 0xFF]) + body[middle + 1 :]
        route.fulfill(status=200, body=body, content_type="application/octet-stream")

    page.route("**/assets/wheels/**/*.whl", serve_wheel)
    page.goto(course.url + "embed/countdown/")
    root = page.locator('[data-widget="countdown"]')
    if not tamper:
        expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)
        return
    expect(root).to_have_attribute("data-state", "error", timeout=READY_TIMEOUT_MS)
    expect(root.locator(".w-retry")).to_be_visible()
    expect(root.locator(".w-status")).to_contain_text("Failed to fetch")


def test_removing_a_widget_folder_removes_it_from_the_build(tmp_path: Path) -> None:
    """A widget is one folder: delete it, and its embed page and guide entry go, with no
    other edit (the widget placed in no chapter)."""
    site = _copy(tmp_path)
    shutil.rmtree(site / "course_widgets" / "countdown")
    out = tmp_path / "out"
    build_site(site, out, "http://127.0.0.1:1/")
    assert (out / "embed/doubling/index.html").is_file()
    assert not (out / "embed/countdown").exists()
    assert "countdown" not in (out / "guide/index.html").read_text(encoding="utf-8")


def test_a_model_that_raises_fails_the_build_naming_the_block_and_the_bug(tmp_path: Path) -> None:
    """A block whose settings make the course's own model raise: the build stops naming
    the page and line of the block, the error, and where in the model it was raised,
    instead of MkDocs' 'Error reading page' and a traceback."""
    site = _copy(tmp_path)
    (site / "docs" / "fragile.md").write_text(
        "# F\n\n```widget\nwidget: fragile\nservers: 10\n```\n"
    )
    with pytest.raises(RuntimeError) as failed:
        build_site(site, tmp_path / "out", "http://127.0.0.1:1/")
    # The model's file as the author finds it: relative to the site's folder.
    assert (
        "docs/fragile.md:3: widget `fragile`: the model failed: ZeroDivisionError: division by "
        "zero (raised at course_widgets/fragile/spec.py:12)"
    ) in str(failed.value)
    assert "Traceback" not in str(failed.value)


def test_a_model_that_imports_what_pyodide_lacks_fails_the_build_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model that imports a package CPython has here and Pyodide has not (PyYAML, which
    MkDocs installs): the snapshot step, where Pyodide first runs the models, stops the
    build with Python's own line, where a warning of minified JavaScript stood before."""
    site = _copy(tmp_path)
    model = site / "course_widgets" / "fragile" / "spec.py"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("BROKEN_AT = 10", "import yaml  # noqa: F401\n\nBROKEN_AT = 10"))
    monkeypatch.setenv("BOOK_SNAPSHOT", "true")
    with pytest.raises(RuntimeError) as failed:
        build_site(site, tmp_path / "out", "http://127.0.0.1:1/")
    said = str(failed.value)
    assert "course_widgets: the widget models fail in Pyodide, as they would in every " in said
    assert "No module named 'yaml'" in said, said[-2000:]
    assert "standard library only" in said
    assert "unshift" not in said and "Traceback" not in said


def test_a_view_without_a_declared_output_fails_the_build_naming_the_view(
    tmp_path: Path,
) -> None:
    """A view that leaves out (or misspells) an output its spec declares: the build stops
    naming the view function's file and line and the outputs given and declared, instead
    of a KeyError from the generator's own code."""
    site = _copy(tmp_path)
    spec = site / "course_widgets" / "fragile" / "spec.py"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace('OutputValue("share"', 'OutputValue("shares"'), encoding="utf-8")
    (site / "docs" / "fragile.md").write_text("# F\n\n```widget\nwidget: fragile\n```\n")
    with pytest.raises(RuntimeError) as failed:
        build_site(site, tmp_path / "out", "http://127.0.0.1:1/")
    line = 1 + text[: text.index("def render(")].count("\n")
    assert (
        f"course_widgets/fragile/spec.py:{line}: widget `fragile`: its view gives the outputs "
        "['shares'], but its spec declares ['share']: a view gives every declared output, "
        "in that order"
    ) in str(failed.value)
    assert "Traceback" not in str(failed.value)


def test_a_model_that_raises_in_the_browser_says_it_is_a_bug_not_the_input(
    course: Served, page: Page, watch: Watch
) -> None:
    """Live, the same bug is reported as the model's failure, not as the reader's mistake:
    no message by the field, the error in the status, the old results marked as not for
    these inputs, and the author's console told where it raised; a value that works
    brings the widget back."""
    watch.allow_console.append(re.compile(r"live-widgets: fragile: the model failed"))
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(course.url + "embed/fragile/")
    root = page.locator('[data-widget="fragile"]')
    expect(root).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT_MS)
    field = root.locator('[name="servers"]')
    field.fill("10")
    field.press("Enter")
    expect(root).to_have_attribute("data-state", "error")
    expect(root.locator(".w-status")).to_contain_text(
        "This widget's model failed for these inputs (ZeroDivisionError: division by zero): "
        "a bug in the widget, not a mistake in your inputs."
    )
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(root).to_have_class(re.compile(r"\bw-stale\b"))
    assert any("spec.py:12" in text for text in messages), messages
    field.fill("12")
    field.press("Enter")
    expect(root).to_have_attribute("data-state", "ready")
    expect(root.locator('[data-output="share"]')).to_have_text("0.500")


def test_a_set_the_model_cannot_compute_is_answered_with_an_error(
    course: Served, page: Page, watch: Watch, tmp_path: Path
) -> None:
    """A host's `set` whose values make the model raise gets an error with its id, saying
    what the widget says, instead of leaving the host waiting for a `change`."""
    watch.allow_console.append(re.compile(r"live-widgets: fragile: the model failed"))
    (tmp_path / "index.html").write_text(
        course_html(f"{course.url}embed/fragile/", [("f0", "allow-scripts", "600")]),
        encoding="utf-8",
    )
    with serve(tmp_path) as host:
        page.goto(host.url)
        wait_message(page, "live-widgets:change")  # live, at the defaults
        post(page, {"type": "live-widgets:set", "version": 1, "id": "z", "params": {"servers": 10}})
        error = wait_message(page, "live-widgets:error")
    assert error["id"] == "z"
    assert "ZeroDivisionError: division by zero" in str(error["error"])
    assert "a bug in the widget" in str(error["error"])


def _without_init(site: Path) -> None:
    (site / "course_widgets" / "countdown" / "__init__.py").unlink()


def _pyodide_elsewhere(site: Path) -> None:
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("node_modules/pyodide", "node_modules/pyodidex"))


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        (
            _without_init,
            "course_widgets/countdown: a widget folder needs an __init__.py (it may be empty) "
            "beside its spec.py",
        ),
        (_pyodide_elsewhere, "mkdocs.yml: option 'pyodide': "),
    ],
    ids=["widget-without-init", "wrong-pyodide-path"],
)
def test_a_site_set_up_wrongly_fails_saying_what_to_fix(
    tmp_path: Path, mistake: Callable[[Path], None], message: str
) -> None:
    """A widget folder without __init__.py is not skipped in silence, and a `pyodide:`
    path that holds no Pyodide is named, not a FileNotFoundError's traceback."""
    site = _copy(tmp_path)
    mistake(site)
    with pytest.raises(RuntimeError) as failed:
        build_site(site, tmp_path / "out", "http://127.0.0.1:1/")
    assert message in str(failed.value)
    assert "Traceback" not in str(failed.value)
