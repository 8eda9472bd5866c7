"""What CPython computes for a widget state, to check the browser's answer against."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache

from widgets import get_spec


def expected_outputs(name: str, params: Mapping[str, object]) -> dict[str, str]:
    """The declared outputs CPython computes for `name` at `params` (defaults elsewhere).

    Models are pure, so each state is computed once per process: the URL fuzz checks
    the defaults' numbers on hundreds of pages, and a load-balancing run costs 30 ms."""
    return dict(_outputs(name, tuple(sorted(params.items()))))


@lru_cache(maxsize=512)
def _outputs(name: str, params: tuple[tuple[str, object], ...]) -> tuple[tuple[str, str], ...]:
    spec = get_spec(name)
    view = spec.run(dict(params)).to_json()
    declared = {o.name for o in spec.outputs}
    return tuple((o["name"], o["value"]) for o in view["outputs"] if o["name"] in declared)  # type: ignore[index]


def same_value(a: str, b: str) -> bool:
    """Machine values agree: ids exactly, numbers to 5 significant digits (libm may differ)."""
    try:
        x, y = float(a), float(b)
    except ValueError:
        return a == b
    return math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-9)
