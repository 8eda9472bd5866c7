"""MkDocs hooks: the adapter between MkDocs events and the `bookgen` generator.

Loaded by `hooks:` in mkdocs.yml, so plain `mkdocs serve` / `mkdocs build` in the
venv do everything `make` does: vendoring, the widget wheel, embed pages, and the
checks of every chapter's diagram and widget blocks.

`mkdocs serve` rebuilds inside one process, so each build starts by dropping the
imported `widgets` and `bookgen` modules: an edited model is what the next build
computes with, and what the rebuilt wheel carries.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# `bookgen` lives beside this file, `widgets` at the repository root. MkDocs restores
# sys.path after loading a hook file, so the paths are ensured whenever a hook runs.
_PATHS = (str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent))


def _fresh(module: str):
    for path in _PATHS:
        if path not in sys.path:
            sys.path.insert(0, path)
    return importlib.import_module(module)


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for name in [n for n in sys.modules if n.split(".")[0] in {"widgets", "bookgen"}]:
        del sys.modules[name]
    return _fresh("bookgen.mkdocs_events").configure(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return _fresh("bookgen.mkdocs_events").add_generated_files(files, config)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _fresh("bookgen.mkdocs_events").expand_blocks(markdown, page, config)


@event_priority(-100)  # after mkdocs-mermaid2 has added its script
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _fresh("bookgen.mkdocs_events").fix_module_imports(output)
