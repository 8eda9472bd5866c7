"""Material's search index waits on pages with a widget: which pages get the hold, and
where it goes (build/live_widgets/search_later.py)."""

from __future__ import annotations

from pathlib import Path

from live_widgets.csp import add_csp, inline_script_hashes, script_hash
from live_widgets.search_later import hold_script, hold_search_index

CHAPTER = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<title>Caching</title>
</head>
<body><section class="w-widget" data-widget="cache-hit-rate"></section></body>
</html>
"""
PLAIN = CHAPTER.replace(' data-widget="cache-hit-rate"', "")


def test_a_page_with_a_widget_gets_the_hold_first_in_its_head() -> None:
    """The hold must run before Material's bundle asks for the index: right after the
    charset, ahead of every other element of <head>."""
    script = hold_script()
    held = hold_search_index(CHAPTER, script)
    assert (
        held.index(script)
        == held.index('<meta charset="utf-8"/>') + len('<meta charset="utf-8"/>') + 1
    )
    assert held.count("<script>") == 1


def test_a_page_without_a_widget_is_left_as_it_is() -> None:
    """No widget, no Python start to make room for: search loads as Material intends,
    even where the page merely mentions the attribute in its text."""
    mentioned = PLAIN.replace("<body>", "<body><code>data-widget=&quot;x&quot;</code>")
    assert hold_search_index(PLAIN, hold_script()) == PLAIN
    assert hold_search_index(mentioned, hold_script()) == mentioned


def test_the_hold_is_allowed_by_the_pages_policy() -> None:
    """The policy hashes the hold's exact text, so the browser runs it."""
    html = add_csp(hold_search_index(CHAPTER, hold_script()))
    body = hold_script().removeprefix("<script>").removesuffix("</script>")
    assert script_hash(body) in inline_script_hashes(html)
    assert script_hash(body) in html.split("<script>")[0]  # the policy precedes it


def test_the_hold_follows_saving_data_js(tmp_path: Path) -> None:
    """A reader who saves data starts Python only when asked, so nothing is held: the
    rule is read from saving-data.js, not copied."""
    module = tmp_path / "saving-data.js"
    module.write_text(
        "export function savingData() {\n  return navigator.connection?.saveData === true;\n}\n",
        encoding="utf-8",
    )
    script = hold_script(module)
    assert "(navigator.connection?.saveData === true)) return;" in script
    assert "2g" not in script
