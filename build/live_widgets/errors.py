"""The one exception the generator raises: it names the file (and line) at fault.

Plain Python, no MkDocs: the plugin turns it into MkDocs' own error at its boundary.
"""

from __future__ import annotations


class BookError(Exception):
    """A build failure an author can fix: `file:line: message`."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.detail = message
