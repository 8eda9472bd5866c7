"""The one exception the generator raises: it names the file (and line) at fault.

Plain Python, no MkDocs: the plugin turns it into MkDocs' own error at its boundary.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from live_widgets.core.registry import shown_path
from live_widgets.core.spec import WrongOutputs


class BookError(Exception):
    """A build failure an author can fix: `file:line: message`."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.detail = message


class ModelFailure(BookError):
    """A widget's model failed while the build computed its numbers: a bug in the model,
    named where (the generator adds the page and line of the block that asked): the line
    that raised, or the view whose outputs are not the declared ones."""

    where = "raised at"

    @classmethod
    def of(cls, widget: str, error: Exception) -> ModelFailure:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        detail = f"{type(error).__name__}: {str(error)[:200]}"
        return cls(
            shown_path(frame.filename),
            f"widget `{widget}`: the model failed: {detail}",
            frame.lineno,
        )

    @classmethod
    def of_outputs(
        cls, widget: str, view: Callable[..., object], wrong: WrongOutputs
    ) -> ModelFailure:
        """A view that gives other outputs than its spec declares (named at the view)."""
        code = getattr(view, "__code__", None)
        failure = cls(
            shown_path(code.co_filename) if code else f"the view of `{widget}`",
            f"widget `{widget}`: its view gives the outputs {wrong.shown}, but its spec "
            f"declares {wrong.declared}: a view gives every declared output, in that order",
            code.co_firstlineno if code else None,
        )
        failure.where = "view at"
        return failure
