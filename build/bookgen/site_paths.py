"""Where generated things live in the built site (site-relative, no leading slash)."""

from __future__ import annotations

VENDOR = "assets/vendor"
RUNTIME_MANIFEST = "assets/js/widgets/runtime.json"


def embed_page(widget: str) -> str:
    return f"embed/{widget}/"


def model_source(module: str) -> str:
    return f"assets/models/{module.replace('.', '/')}.py"
