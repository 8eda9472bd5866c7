"""The plugin's options in mkdocs.yml, typed.

plugins:
  - live-widgets:
      widgets: widgets        # the folder (a Python package) holding one folder per widget
      diagrams: diagrams      # Mermaid files for ```diagram blocks (optional)
      snapshot: true          # a Pyodide memory snapshot for a fast start
      embed_pages: true       # a standalone page per widget, for iframes
      embed_dir: embed        # ... at /<embed_dir>/<widget>/
      title: ""               # shown on embed pages; defaults to site_name
      pyodide: node_modules/pyodide
      cache_dir: .cache/live-widgets   # snapshot and lock file kept between builds
      offline: true           # a service worker keeps the site for offline reading (not under serve)
"""

from __future__ import annotations

from typing import ClassVar

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class Switch(c.Type[bool]):
    """A yes/no option that also accepts 0/1 and "false"/"true", so it can come from an
    environment variable (`snapshot: !ENV [BOOK_SNAPSHOT, true]`)."""

    _WORDS: ClassVar[dict[str, bool]] = {
        **dict.fromkeys(("1", "true", "yes", "on"), True),
        **dict.fromkeys(("0", "false", "no", "off"), False),
    }

    def __init__(self, default: bool) -> None:
        super().__init__(bool, default=default)

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in self._WORDS:
            return self._WORDS[word]
        raise c.ValidationError(f"expected true or false, got {value!r}")


class LiveWidgetsConfig(Config):
    widgets = c.Type(str, default="widgets")
    """Folder of the widget package, relative to mkdocs.yml; its name is the import name."""
    diagrams = c.Optional(c.Type(str))
    """Folder of Mermaid files (`<name>.mmd`) for ```diagram blocks, relative to mkdocs.yml."""
    snapshot = Switch(default=True)
    embed_pages = Switch(default=True)
    embed_dir = c.Type(str, default="embed")
    title = c.Optional(c.Type(str))
    pyodide = c.Type(str, default="node_modules/pyodide")
    """The npm `pyodide` package folder, relative to mkdocs.yml (it is served by the site)."""
    cache_dir = c.Type(str, default=".cache/live-widgets")
    offline = Switch(default=True)
    """A service worker keeps the site for return visits and offline reading
    (build/live_widgets/offline.py); always off under `mkdocs serve`."""
