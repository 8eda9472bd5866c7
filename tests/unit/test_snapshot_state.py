"""What the build's snapshot holds: every widget run once at its defaults, and the
memoised tables of the models that ask for it (`snapshot_tables=False`) cleared."""

from __future__ import annotations

from live_widgets.core.snapshot_state import memoised_tables, prepare_snapshot
from widgets import all_specs, get_spec


def _filled(name: str) -> int:
    """How many entries the memoised tables of widget `name`'s models hold."""
    modules = get_spec(name).model_modules
    return sum(
        table.cache_info().currsize  # type: ignore[attr-defined]
        for module in modules
        for table in memoised_tables(module)
    )


def test_only_the_tables_a_widget_gives_up_are_cleared() -> None:
    """After preparing, a widget that gives its tables up has none filled, and the others
    keep what their run at defaults filled (reshard's key tables, say)."""
    cleared = prepare_snapshot("widgets")
    assert cleared == [spec.name for spec in all_specs() if not spec.snapshot_tables]
    assert "load-balancing" in cleared
    for name in cleared:
        assert _filled(name) == 0, name
    assert _filled("reshard") > 0


def test_a_widget_that_gives_its_tables_up_has_some() -> None:
    """`snapshot_tables=False` on a model with no memoised table would be a mistake that
    changes nothing: each such widget's modules define at least one."""
    for spec in all_specs():
        if not spec.snapshot_tables:
            assert any(memoised_tables(module) for module in spec.model_modules), spec.name
