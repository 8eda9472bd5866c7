"""The one exception the generator raises: it names the file (and line) at fault.

Plain Python, no MkDocs: the plugin turns it into MkDocs' own error at its boundary.
"""

from __future__ import annotations

import traceback


class BookError(Exception):
    """A build failure an author can fix: `file:line: message`."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.detail = message


class ModelFailure(BookError):
    """A widget's model raised while the build computed its numbers: a bug in the model,
    named where it raised (the generator adds the page and line of the block that asked)."""

    @classmethod
    def of(cls, widget: str, error: Exception) -> ModelFailure:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        detail = f"{type(error).__name__}: {str(error)[:200]}"
        return cls(frame.filename, f"widget `{widget}`: the model failed: {detail}", frame.lineno)
