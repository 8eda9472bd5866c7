"""What CPython computes for a widget state, to check the browser's answer against."""

from __future__ import annotations

import math
from collections.abc import Mapping

from widgets import get_spec


def expected_outputs(name: str, params: Mapping[str, object]) -> dict[str, str]:
    spec = get_spec(name)
    view = spec.run(dict(params)).to_json()
    declared = {o.name for o in spec.outputs}
    return {o["name"]: o["value"] for o in view["outputs"] if o["name"] in declared}  # type: ignore[index]


def same_value(a: str, b: str) -> bool:
    """Machine values agree: ids exactly, numbers to 5 significant digits (libm may differ)."""
    try:
        x, y = float(a), float(b)
    except ValueError:
        return a == b
    return math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-9)
