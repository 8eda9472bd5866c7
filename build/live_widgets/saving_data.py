"""Whether the reader saves data, for the two classic scripts that cannot import
saving-data.js: an embed page's inline early start and the service worker. Both get
the expression `savingData()` returns there, read at build time, so the rule is
written once, in JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

from live_widgets.errors import BookError

SAVING_DATA = Path(__file__).resolve().parent / "assets" / "js" / "saving-data.js"

# `export function savingData() { return <expression>; }`: the body up to the first
# closing brace at the start of a line (the function's own, in this code style).
_FUNCTION = re.compile(r"^export function savingData\(\)\s*\{\n(?P<body>.*?)^\}", re.M | re.S)
_RETURN = re.compile(r"\s*return\s+(?P<expression>[^;]+);\s*", re.S)


def saving_data_expression(module: Path = SAVING_DATA) -> str:
    """The expression `savingData()` returns in `module` (saving-data.js).

    Fails the build, naming the file, unless the function is exactly one
    `return <expression>;` (no other statement, no `;` or `</` in the expression).
    """
    text = module.read_text(encoding="utf-8")
    found = _FUNCTION.findall(text)
    if len(found) != 1:
        raise BookError(
            str(module),
            f"expected one `export function savingData() {{ ... }}` (found {len(found)}); "
            "embed pages and the service worker copy its return expression",
        )
    body = _RETURN.fullmatch(found[0])
    if not body or "</" in body.group("expression"):
        raise BookError(
            str(module),
            "savingData() must be a single `return <expression>;`, with no `;` or `</` in "
            "the expression (embed pages' inline early start and the service worker, "
            "which cannot import the module, copy it)",
        )
    return body.group("expression").strip()
