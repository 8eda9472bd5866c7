"""Every widget the book knows, by name."""

from __future__ import annotations

from widgets.core.spec import WidgetSpec


def all_specs() -> tuple[WidgetSpec, ...]:
    from widgets.cache_hit_rate.spec import SPEC as cache_hit_rate
    from widgets.cost_ladder.spec import SPEC as cost_ladder
    from widgets.reshard.spec import SPEC as reshard

    return (cache_hit_rate, reshard, cost_ladder)


def get_spec(name: str) -> WidgetSpec:
    for spec in all_specs():
        if spec.name == name:
            return spec
    known = ", ".join(spec.name for spec in all_specs())
    raise KeyError(f"no widget named '{name}' (known: {known})")
