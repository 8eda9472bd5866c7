"""The book's generator: MkDocs hooks' logic, asset vendoring, the widget wheel and embed pages.

`build/hooks.py` is the thin adapter MkDocs loads; everything it does lives here,
in small modules that can be tested without running MkDocs.
"""

from bookgen.errors import BookError

__all__ = ["BookError"]
