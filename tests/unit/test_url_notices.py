"""The notice a reader sees about a value their link could not use (url-state.js, run
in Node): it names the field by its label, with the link's name in brackets, and says
which value is used instead, with its unit, and where that value comes from."""

from __future__ import annotations

import json

import pytest

from live_widgets.embed_look import LOOKS, looks_json
from live_widgets.generator import ASSETS
from tests.node_module import NODE, run_module
from widgets import get_spec

URL_STATE_JS = ASSETS / "js" / "url-state.js"

pytestmark = pytest.mark.skipif(NODE is None, reason="Node is needed to run url-state.js")


def notices(
    name: str, search: str, base: dict[str, object] | None = None, *, embed: bool = True
) -> list[str]:
    """readUrlState's notices for widget `name`, the link's `search` and the form's values,
    on an embed page (whose <html data-looks> declares the look parameters) or a chapter."""
    spec = get_spec(name)
    values = {**spec.defaults(), **(base or {})}
    html = {"dataset": {"looks": looks_json()} if embed else {}}
    script = (
        f"const m = await import({json.dumps(URL_STATE_JS.as_uri())});"
        f"const looks = m.pageLooks({json.dumps(html)});"
        f"const out = m.readUrlState({json.dumps(spec.to_json())}, {json.dumps(search)},"
        f" {json.dumps(values)}, looks);"
        "console.log(JSON.stringify(out.notices));"
    )
    found = run_module(script)
    assert isinstance(found, list)
    return found


def test_a_refused_value_names_the_label_and_the_default_with_its_unit() -> None:
    """With no other value to use, the notice names the default, with its unit."""
    assert notices("cache-hit-rate", "?cache_size=lots") == [
        "Ignored Cache size (cache_size): 'lots' is not a number; using the default, 1,000 items."
    ]


def test_a_refused_value_on_a_chapter_names_the_value_its_block_sets() -> None:
    """Where the chapter's block set the field (tail-latency's fan-out of 100), that value
    is the one used, and the notice says so rather than "the default"."""
    (notice,) = notices("tail-latency", "?fanout=0", {"fanout": 100})
    assert notice.startswith("Ignored Fan-out (fanout): must be from 1 to ")
    assert notice.endswith(" backends; using the value this chapter sets, 100 backends.")
    assert "default" not in notice


def test_a_repeated_parameter_names_its_last_valid_value_in_the_link() -> None:
    """Given several times, the last valid value is used, and the notice says which."""
    assert notices("cache-hit-rate", "?cache_size=abc&cache_size=5000&cache_size=-1") == [
        "Ignored Cache size (cache_size): 'abc' is not a number; using 5,000 items, its last "
        "valid value in the link.",
        "Ignored Cache size (cache_size): must be from 1 to 10,000,000 items; using 5,000 "
        "items, its last valid value in the link.",
    ]


def test_different_values_for_one_parameter_are_named_not_chosen_silently() -> None:
    """A hand-edited link that gives a parameter two different valid values gets a
    notice naming the one used (the last valid); repeating the same value says nothing."""
    assert notices("cache-hit-rate", "?cache_size=5000&cache_size=6000") == [
        "Cache size (cache_size) is in the link 2 times, with different values; using the "
        "last valid one, 6,000 items."
    ]
    assert notices("cache-hit-rate", "?cache_size=5000&cache_size=5000") == []
    assert notices("cache-hit-rate", "?policy=fifo&policy=lru&cache_size=lots") == [
        "Ignored Cache size (cache_size): 'lots' is not a number; using the default, 1,000 items.",
        "Eviction policy (policy) is in the link 2 times, with different values; using the "
        "last valid one, LRU: evict the least recently used.",
    ]


def test_a_refused_choice_names_the_choice_by_its_label() -> None:
    """A menu's value is named as the menu shows it, not by its id."""
    spec = get_spec("cache-hit-rate")
    policy = spec.param("policy")
    (notice,) = notices("cache-hit-rate", "?policy=nope")
    label = next(c.label for c in policy.choices if c.value == policy.default)  # type: ignore[union-attr]
    assert notice.startswith(f"Ignored {policy.label} (policy): 'nope' is not one of ")
    assert notice.endswith(f"; using the default, {label}.")


def test_unknown_names_and_repeats_keep_their_wording() -> None:
    """Unknown parameters are named as given, and identical notices come once, counted."""
    assert notices("cache-hit-rate", "?x=1&x=1&cache_size=lots&cache_size=lots") == [
        "Ignored unknown parameter 'x' (2 times).",
        "Ignored Cache size (cache_size): 'lots' is not a number; using the default, "
        "1,000 items (2 times).",
    ]


def test_a_look_parameter_with_an_unknown_value_is_named_not_dropped_silently() -> None:
    """?theme=purple and ?compact=yes change nothing, and the notice says which values
    would; the values the page knows pass without a word."""
    assert notices("cache-hit-rate", "?theme=dark&compact=1&theme=auto&compact=0") == []
    assert notices("cache-hit-rate", "?theme=purple&compact=yes") == [
        "Ignored theme 'purple': use light, dark or auto.",
        "Ignored compact 'yes': use 1 or 0.",
    ]


def test_every_declared_look_value_passes_and_the_notice_lists_them_all() -> None:
    """The notice and the early script read the same declaration (embed_look.py): every
    value it accepts passes without a word, and the notice offers exactly those."""
    for look in LOOKS:
        accepted = list(look.sets)
        for value in accepted:
            assert notices("cache-hit-rate", f"?{look.name}={value}") == []
        choices = (
            ", ".join(accepted[:-1]) + f" or {accepted[-1]}" if len(accepted) > 1 else accepted[0]
        )
        assert notices("cache-hit-rate", f"?{look.name}=nope") == [
            f"Ignored {look.name} 'nope': use {choices}."
        ]


def test_look_parameters_belong_to_embed_pages_only() -> None:
    """A page without the declaration (a chapter) has no look parameters: a `theme` in
    its widget's query is an unknown parameter, not a look quietly dropped; a missing or
    broken declaration is no look parameters, never a crash."""
    on_chapter = notices("cache-hit-rate", "?theme=dark", embed=False)
    assert len(on_chapter) == 1 and "theme" in on_chapter[0]
    script = (
        f"const m = await import({json.dumps(URL_STATE_JS.as_uri())});"
        "const sizes = [m.pageLooks(null), m.pageLooks({dataset: {looks: '['}})].map((l) => l.size);"
        "console.log(JSON.stringify(sizes));"
    )
    assert run_module(script) == [0, 0]
