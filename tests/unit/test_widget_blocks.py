"""```widget blocks: each mistake fails the build at the right line with a useful hint,
and a `predict:` question is checked against the widget's outputs."""

from __future__ import annotations

import pytest

from live_widgets.errors import BookError
from tests.book_generator import expand

PATH = "content/ch.md"


def _error(body: str) -> str:
    with pytest.raises(BookError) as error:
        expand(f"# Title\n\ntext\n\n```widget\n{body}\n```\n", PATH)
    return str(error.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "widget: cache-hit-rate\ncache_sise: 5000",
            "content/ch.md:7: widget `cache-hit-rate`: unknown parameter `cache_sise`; "
            "did you mean `cache_size`?",
        ),
        (
            "widget: cache-hit-ratio",
            "content/ch.md:6: widget block: no widget named `cache-hit-ratio`; "
            "did you mean `cache-hit-rate`?",
        ),
        (
            "widget: cache-hit-rate\nkeys: 1000\nskew: 9",
            "content/ch.md:8: widget `cache-hit-rate`: parameter skew: must be from 0 to 2",
        ),
        (
            "widget: cache-hit-rate\nkeys: 1000\nkeys: 2000",
            "content/ch.md:8: `keys` is given twice in the ```widget block (line 7)",
        ),
        (
            "widget: cache-hit-rate\nkeys:\n  a:\n    b: 1",
            "content/ch.md:7: `keys` holds nested lines; give it one value on its own line",
        ),
        (
            "widget: cache-hit-rate\nkeys: [1, 2]",
            "content/ch.md:7: `keys` holds a list; give it one value on its own line",
        ),
        (
            "widget: cache-hit-rate\nkeys: 1" + "0" * 500,
            "content/ch.md:7: the value of `keys` is over 400 characters long",
        ),
        (
            "widget: cache-hit-rate\nkeys: 1e999",
            "content/ch.md:7: widget `cache-hit-rate`: parameter keys: must be a finite number",
        ),
    ],
)
def test_block_mistakes_name_the_line_and_the_nearest_name(body: str, message: str) -> None:
    """Typos, bad values, duplicates, nesting and oversized values are build errors at the
    line of the key at fault (the fence is on line 5), never tracebacks."""
    assert _error(body) == message


@pytest.mark.parametrize(
    ("predict", "message"),
    [
        (
            "  output: hit_rat\n  question: How many?",
            "content/ch.md:8: predict: output `hit_rat` is not an output of `cache-hit-rate`; "
            "did you mean `hit_rate`?",
        ),
        ("  output: hit_rate", "content/ch.md:7: predict: needs a `question` for the reader"),
        ("  output: hit_rate\n  question: ' '", "content/ch.md:9: predict: needs a `question`"),
        (
            "  output: hit_rate\n  question: " + "Why? " * 70,
            "content/ch.md:9: predict: the question is over",
        ),
        (
            "  output: hit_rate\n  question: Q?\n  answer: 3",
            "content/ch.md:10: predict: unknown key `answer`",
        ),
        ("  hit_rate", "content/ch.md:7: predict: needs two indented lines"),
    ],
)
def test_prediction_mistakes_are_explained(predict: str, message: str) -> None:
    """A prediction must name a real output and ask a question; each mistake is reported
    at the line of the `predict:` key at fault (the fence is on line 5, `predict:` on 7),
    or at `predict:` itself when the key is missing."""
    error = _error(f"widget: cache-hit-rate\npredict:\n{predict}")
    assert error.startswith(message), error


def test_prediction_of_a_text_output_is_refused() -> None:
    """Only a number can be guessed: the cost ladder's stage is an id."""
    error = _error("widget: cost-ladder\npredict:\n  question: Which?\n  output: stage")
    assert error.startswith("content/ch.md:9: predict: `stage` is not a number at these settings")


def test_prediction_renders_the_form_and_guesses_percentages_as_percentages() -> None:
    """A fraction shown as a percentage is guessed in percent (scale 100); the form has a
    labelled field and both buttons."""
    html = expand(
        "```widget\nwidget: cache-hit-rate\npredict:\n  output: hit_rate\n"
        "  question: What share of reads hit?\n```\n",
        PATH,
    )
    assert 'data-predict-output="hit_rate" data-predict-scale="100"' in html
    assert "Your guess: Hit rate (%)</label>" in html
    assert "What share of reads hit?" in html
    assert "w-predict-reveal" in html and "w-predict-skip" in html


@pytest.mark.parametrize(("above", "level"), [("", 2), ("## Section\n\n", 3), ("### Part\n\n", 4)])
def test_a_widget_heading_nests_under_the_section_it_stands_in(above: str, level: int) -> None:
    """The widget's title is one level below the nearest heading above its block (h2
    right under the page title), so a screen reader's outline nests it in its section;
    it was always h3, beside the h3 it belongs to. A heading inside a code sample does
    not count."""
    html = expand(
        f"# Title\n\n{above}```text\n#### not a heading\n```\n\n"
        "```widget\nwidget: cache-hit-rate\n```\n",
        PATH,
    )
    assert f'<h{level} class="w-title"' in html, html[:300]
