"""The HTML of one widget: form controls from its declaration, outputs computed now.

The same markup serves chapter pages and embed pages. It honours the contract that
pages, embeds and tests rely on: `data-widget`, `data-state`, `data-output` +
`data-value`, labelled controls and an `aria-live` output region.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from html import escape

from live_widgets.core import ChoiceParam, NumberParam, Param, Params, View, WidgetSpec
from live_widgets.core.format import machine, plain_number
from live_widgets.core.spec import WrongOutputs
from live_widgets.errors import ModelFailure

SLIDER_STEPS = 1000


@dataclass(frozen=True)
class WidgetLinks:
    """Relative URLs from the page that holds the widget."""

    embed: str  # this widget's embed page
    sources: tuple[tuple[str, str], ...]  # (module name, URL of its source text)


@dataclass(frozen=True)
class Prediction:
    """A question the reader answers with a guess before the widget shows `output`."""

    output: str
    label: str
    question: str
    scale: float = 1.0
    """The guess is compared with the output's value times this (100 for a fraction
    shown as a percentage: the reader guesses 80, the value is 0.8)."""
    unit: str = ""


def prediction_html(uid: str, prediction: Prediction) -> str:
    """The guess form; predict.js hides the results until the reader guesses or skips."""
    guess = f"{uid}-guess"
    unit = f" ({escape(prediction.unit)})" if prediction.unit else ""
    return (
        f'<div class="w-predict" data-predict-output="{_attr(prediction.output)}" '
        f'data-predict-scale="{_attr(machine(prediction.scale))}" '
        f'role="group" aria-labelledby="{uid}-predict-question">'
        f'<p class="w-predict-question" id="{uid}-predict-question"><strong>Predict first.</strong> '
        f"{escape(prediction.question)}</p>"
        f'<form class="w-predict-form" novalidate>'
        f'<label for="{guess}">Your guess: {escape(prediction.label)}'
        f"{unit}</label>"
        f'<input class="w-predict-guess" id="{guess}" type="text" inputmode="decimal" '
        f'autocomplete="off" aria-describedby="{uid}-predict-result">'
        f'<button type="submit" class="w-predict-reveal md-button">Reveal the answer</button>'
        f'<button type="button" class="w-predict-skip md-button">Show without guessing</button>'
        f"</form>"
        f'<p class="w-predict-result" id="{uid}-predict-result" aria-live="polite"></p>'
        f"</div>"
    )


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _slider_position(param: NumberParam, value: float) -> int:
    if param.scale == "log":
        lo, hi = math.log10(param.minimum), math.log10(param.maximum)
        return round((math.log10(value) - lo) / (hi - lo) * SLIDER_STEPS)
    return round((value - param.minimum) / (param.maximum - param.minimum) * SLIDER_STEPS)


def _error_region(error_id: str) -> str:
    """A field's message region: polite, not an alert (a message follows the reader's
    typing, which an alert would interrupt), and rendered empty rather than hidden, since
    a live region must exist before it speaks (controller.js showMessages fills it)."""
    return f'<p class="w-error" id="{error_id}" aria-live="polite" aria-atomic="true"></p>'


def _rule_region(rule_id: str) -> str:
    """Where a bounded field says its limit pulled it down ("Cache size must not exceed
    Distinct keys (500): using 500."): rendered empty, like the message region, so that
    it exists before it speaks (controller.js showRuled fills it)."""
    return f'<p class="w-rule-note" id="{rule_id}" aria-live="polite" aria-atomic="true"></p>'


def _number_field(uid: str, param: NumberParam, value: float, bounded: bool = False) -> str:
    """A slider and a text box. Not `type="number"`: a number box reads letters as "" and
    hides what was typed, so its message could not say what is wrong; `inputmode`
    still brings up a numeric keyboard on phones. The range is in the help text.
    `bounded`: another parameter limits this one (an AtMost rule), with a note for it."""
    shown = param.unit and not _label_says_unit(param.label, param.unit)
    unit = f' <span class="w-unit">({escape(param.unit)})</span>' if shown else ""
    help_id = f"{uid}-{param.name}-help"
    error_id = f"{uid}-{param.name}-error"
    rule_id = f"{uid}-{param.name}-rule"
    rule = f" {rule_id}" if bounded else ""
    return (
        f'<div class="w-field" data-param="{_attr(param.name)}">'
        f'<label for="{uid}-{param.name}">{escape(param.label)}{unit}</label>'
        f'<div class="w-control">'
        f'<input class="w-slider" type="range" min="0" max="{SLIDER_STEPS}" step="1" '
        # Named like its box (the role tells them apart: "Cache size, slider"), described
        # by the same help and range, so a reader who only uses the slider hears them.
        f'value="{_slider_position(param, value)}" aria-label="{_attr(param.label)}" '
        f'aria-describedby="{help_id}{rule}" '
        f'aria-valuetext="{_attr(plain_number(value))}{" " + _attr(param.unit) if param.unit else ""}" '
        f'data-scale="{param.scale}" tabindex="0">'
        f'<input class="w-number" id="{uid}-{param.name}" name="{_attr(param.name)}" type="text" '
        f'inputmode="decimal" autocomplete="off" spellcheck="false" '
        f'value="{_attr(machine(value))}" aria-describedby="{help_id} {error_id}{rule}">'
        f"</div>"
        f'<p class="w-help" id="{help_id}">{escape(param.help)} '
        f'<span class="w-range">Range {escape(param.range_text())}.</span></p>'
        f"{_error_region(error_id)}"
        f"{_rule_region(rule_id) if bounded else ''}"
        f"</div>"
    )


def _label_says_unit(label: str, unit: str) -> bool:
    """Whether every word of `unit` is already a word of `label` ("Servers" and
    "servers", "Virtual nodes per shard (V)" and "per shard"): the label then shows no
    "(unit)" after it, which read "Cores (cores)" on the page and to a screen reader.
    A unit with more in it ("ms", "req/s", "requests/day") is always shown."""
    if not re.fullmatch(r"[A-Za-z ]+", unit):
        return False
    said = {word.rstrip("s") for word in re.findall(r"[a-z]+", label.lower())}
    return all(word.rstrip("s") in said for word in unit.lower().split())


def _choice_field(uid: str, param: ChoiceParam, value: str) -> str:
    options = "".join(
        f'<option value="{_attr(c.value)}"{" selected" if c.value == value else ""}>'
        f"{escape(c.label)}</option>"
        for c in param.choices
    )
    help_id = f"{uid}-{param.name}-help"
    error_id = f"{uid}-{param.name}-error"
    return (
        f'<div class="w-field" data-param="{_attr(param.name)}">'
        f'<label for="{uid}-{param.name}">{escape(param.label)}</label>'
        f'<div class="w-control"><select class="w-select" id="{uid}-{param.name}" '
        f'name="{_attr(param.name)}" aria-describedby="{help_id} {error_id}">{options}</select></div>'
        f'<p class="w-help" id="{help_id}">{escape(param.help)}</p>'
        f"{_error_region(error_id)}"
        f"</div>"
    )


def field_html(uid: str, param: Param, value: object, bounded: bool = False) -> str:
    if isinstance(param, NumberParam):
        return _number_field(uid, param, float(value), bounded)  # type: ignore[arg-type]
    return _choice_field(uid, param, str(value))


def outputs_html(spec: WidgetSpec, view: View) -> str:
    items = []
    for output in spec.outputs:
        shown = view.output(output.name)
        items.append(
            f'<div class="w-output"><dt>{escape(output.label)}</dt>'
            f'<dd data-output="{_attr(output.name)}" data-value="{_attr(machine(shown.value))}">'
            f"{escape(shown.text)}</dd></div>"
        )
    return "".join(items)


def build_view(spec: WidgetSpec, params: Params) -> View:
    """The view the build shows; a model that raises, or a view without the declared
    outputs, is a ModelFailure naming where."""
    try:
        view = spec.view(params)
    except Exception as error:
        raise ModelFailure.of(spec.name, error) from error
    try:
        spec.check_view(view)
    except WrongOutputs as wrong:
        raise ModelFailure.of_outputs(spec.name, spec.view, wrong) from None
    return view


def _embed_code(uid: str) -> str:
    """Share's iframe snippet, on a site with embed pages (the `embed_pages` option)."""
    return (
        f'<label for="{uid}-share-iframe">Embed in your course (iframe)</label>'
        f'<textarea id="{uid}-share-iframe" class="w-share-iframe" rows="4" readonly></textarea>'
        f'<button type="button" class="w-copy md-button" data-copy="{uid}-share-iframe">'
        f"Copy embed code</button>"
    )


def _model_panel(sources: str) -> str:
    """'View the model', for a widget that lists its model's modules (`model_modules`)."""
    return (
        f'<details class="w-model"><summary>View the model (Python)</summary>'
        f"<p>These numbers come from this code. It runs in your browser on Pyodide, and it "
        f"computed the numbers shown before Python started when the site was built.</p>"
        f'<ul class="w-sources">{sources}</ul><pre class="w-source"><code></code></pre></details>'
    )


def render_widget(
    spec: WidgetSpec,
    params: Params,
    uid: str,
    links: WidgetLinks,
    *,
    heading_level: int = 3,
    prediction: Prediction | None = None,
) -> str:
    """The whole widget, static outputs included. `params` must already be validated."""
    view = build_view(spec, params)
    block_params = {k: v for k, v in params.items() if v != spec.param(k).default}
    bounded = {rule.param for rule in spec.rules}
    fields = "".join(field_html(uid, p, params[p.name], p.name in bounded) for p in spec.params)
    steps = "".join(
        f'<button type="button" class="w-step md-button" data-step="{_attr(s.key)}">'
        f"{escape(s.label)}</button>"
        for s in spec.steps
    )
    actions = "".join(
        f'<button type="button" class="w-action md-button" data-action="{_attr(a.key)}" '
        f'disabled aria-describedby="{uid}-status">{escape(a.label)}</button>'
        for a in spec.actions
    )
    sources = "".join(
        f'<li><a href="{_attr(url)}" data-source="{_attr(name)}">{escape(name)}</a></li>'
        for name, url in links.sources
    )
    # Without embed pages (the `embed_pages` option) there is no page of its own to
    # open or frame; without model modules, no code to show.
    embed_code = _embed_code(uid) if links.embed else ""
    open_link = (
        f'<a class="w-open-embed" href="{_attr(links.embed)}">Open on its own page</a>'
        if links.embed
        else ""
    )
    model_panel = _model_panel(sources) if sources else ""
    # An attribute, not a <script>: Material's instant navigation re-creates
    # script elements, and would run a JSON one as JavaScript.
    spec_json = json.dumps(spec.to_json(), separators=(",", ":"))
    h = f"h{heading_level}"
    return (
        f'<section class="w-widget" id="{uid}" data-widget="{_attr(spec.name)}" '
        f'data-state="static" data-uid="{uid}" '
        f"data-block-params='{_attr(json.dumps(block_params, separators=(',', ':')))}' "
        f'data-embed="{_attr(links.embed)}" data-spec="{_attr(spec_json)}" '
        f'aria-labelledby="{uid}-title">'
        f'<div class="w-header"><{h} class="w-title" id="{uid}-title">{escape(spec.title)}</{h}>'
        f'<p class="w-lede">{escape(spec.summary)}</p>'
        # tabindex -1: Retry hands its focus here as it hides (controller.js).
        f'<p class="w-status" id="{uid}-status" role="status" tabindex="-1">'
        f'<span class="w-status-text">Showing results computed when this page was built. '
        f"Python starts once the page has loaded, if JavaScript may run here.</span>"
        f'<button type="button" class="w-retry md-button" hidden>Retry</button></p>'
        f'<p class="w-notice" role="alert" hidden></p></div>'
        f"{prediction_html(uid, prediction) if prediction else ''}"
        f'<form class="w-form" novalidate aria-label="{_attr(spec.title)} inputs">{fields}'
        f'<div class="w-buttons">{steps}{actions}</div></form>'
        f'<div class="w-results">'
        # Shown while a typed value is invalid (controller.js showMessages).
        f'<p class="w-held-note" hidden></p>'
        # Not a live region: announce.js says the results, labelled, once they settle.
        f'<dl class="w-outputs">{outputs_html(spec, view)}</dl>'
        f'<p class="w-announce" aria-live="polite" aria-atomic="true"></p>'
        f'<p class="w-summary">{escape(view.summary)}</p>'
        f'<div class="w-action-result" aria-live="polite" hidden></div>'
        f'<div class="w-figures">{view.figures_html()}</div>'
        f'<ul class="w-notes">{view.notes_html()}</ul></div>'
        f'<div class="w-tools">'
        f'<button type="button" class="w-share-toggle md-button" aria-expanded="false" '
        f'aria-controls="{uid}-share">Share</button>'
        # Straight after its button (a disclosure): the next Tab goes into it, and open,
        # it takes a row of its own under the button (widgets.css).
        f'<div class="w-share" id="{uid}-share" hidden>'
        f'<label for="{uid}-share-link">Link to these settings</label>'
        f'<input id="{uid}-share-link" class="w-share-link" type="text" readonly>'
        f'<button type="button" class="w-copy md-button" data-copy="{uid}-share-link">Copy link</button>'
        f"{embed_code}"
        f'<p class="w-copied" role="status"></p></div>'
        f"{open_link}{model_panel}</div>"
        f"</section>"
    )
