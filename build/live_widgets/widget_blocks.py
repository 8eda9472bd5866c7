"""```widget blocks: place a live widget in a chapter.

    ```widget
    widget: cache-hit-rate
    cache_size: 5000
    ```

The block is checked against the widget's declaration (unknown widget, unknown
parameter, wrong type, out of range: the build fails naming file, line and widget)
and replaced by the widget's HTML with outputs computed now by the CPython model.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from live_widgets.blocks import Block, Parsed, parse_block
from live_widgets.core import ParamError, Params, WidgetSpec
from live_widgets.core.registry import Registry, UnknownWidget, did_you_mean
from live_widgets.errors import BookError
from live_widgets.widget_html import Prediction, build_view

RESERVED = ("widget", "predict")
NESTED = frozenset({"predict"})
"""Keys of a ```widget block that hold `name: value` lines of their own."""
"""Block keys that are not parameters."""
_PREDICT_KEYS = ("output", "question")
MAX_QUESTION_CHARS = 300


@dataclass(frozen=True)
class WidgetBlock:
    """A checked ```widget block: what to render, read once."""

    spec: WidgetSpec
    params: Params
    prediction: Prediction | None
    block: Block


def read_widget_block(
    block: Block, path: str, registry: Registry, parse: Callable[..., Parsed] = parse_block
) -> WidgetBlock:
    """The block's widget, validated parameters and prediction, or a BookError naming the
    file and the line at fault (with the nearest valid name for a typo).

    Shared by the build and the contribution checks, so both say the same thing.
    """
    parsed = parse(block, path, NESTED)
    data = dict(parsed.data)
    name = data.pop("widget", None)
    if not isinstance(name, str) or not name.strip():
        raise BookError(path, "widget block needs 'widget: <name>'", block.line)
    try:
        spec = registry.get(name.strip())
    except UnknownWidget as error:
        raise BookError(path, f"widget block: {error}", parsed.line("widget", block)) from None
    raw_predict = data.pop("predict", None)
    names = [param.name for param in spec.params]
    for key in data:
        if key not in names:
            raise BookError(
                path,
                f"widget `{spec.name}`: unknown parameter `{key}`"
                + did_you_mean(key, [*names, *RESERVED]),
                parsed.line(key, block),
            )
    try:
        params = spec.validate(data)
    except ParamError as error:
        line = parsed.line(error.name, block)
        raise BookError(path, f"widget `{spec.name}`: parameter {error}", line) from None
    prediction = None
    if raw_predict is not None:

        def line_of(key: str) -> int:
            """The line of `predict`'s own `key`, or of `predict:` where it has none."""
            nested = f"predict.{key}"
            return parsed.line(nested if nested in parsed.lines else "predict", block)

        prediction = _prediction(spec, params, raw_predict, path, line_of)
    return WidgetBlock(spec, params, prediction, block)


def _prediction(
    spec: WidgetSpec, params: Params, raw: object, path: str, line_of: Callable[[str], int]
) -> Prediction:
    """The block's `predict:` lines checked; each mistake is reported at its own line."""
    if not isinstance(raw, dict):
        raise BookError(
            path,
            "predict: needs two indented lines, `output: <name>` and `question: ...`",
            line_of(""),
        )
    for key in raw:
        if key not in _PREDICT_KEYS:
            raise BookError(
                path,
                f"predict: unknown key `{key}`" + did_you_mean(str(key), _PREDICT_KEYS),
                line_of(str(key)),
            )
    output, question = raw.get("output"), raw.get("question")
    outputs = [o.name for o in spec.outputs]
    if not isinstance(output, str) or output not in outputs:
        raise BookError(
            path,
            f"predict: output `{output}` is not an output of `{spec.name}`"
            + did_you_mean(str(output), outputs),
            line_of("output"),
        )
    if not isinstance(question, str) or not question.strip():
        raise BookError(path, "predict: needs a `question` for the reader", line_of("question"))
    if len(question) > MAX_QUESTION_CHARS:
        raise BookError(
            path,
            f"predict: the question is over {MAX_QUESTION_CHARS} characters",
            line_of("question"),
        )
    shown = build_view(spec, params).output(output)
    value = shown.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BookError(
            path,
            f"predict: `{output}` is not a number at these settings ({value!r}); "
            "choose a numeric output or other settings",
            line_of("output"),
        )
    label = next(o.label for o in spec.outputs if o.name == output)
    # A fraction shown as a percentage is guessed as a percentage.
    percent = shown.text.rstrip().endswith("%") and abs(float(value)) <= 1
    return Prediction(
        output=output,
        label=label,
        question=question.strip(),
        scale=100.0 if percent else 1.0,
        unit="%" if percent else "",
    )


def relative(page_url: str, target: str) -> str:
    """A link from the page at `page_url` (directory URLs) to the site path `target`.

    >>> relative("caching/", "embed/reshard/"), relative("", "a.js"), relative("embed/x/", "")
    ('../embed/reshard/', 'a.js', '../../')
    """
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if (not target or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel
