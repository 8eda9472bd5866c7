"""Where generated things live in the built site (site-relative, no leading slash)."""

from __future__ import annotations

VENDOR = "assets/vendor"
RUNTIME = "assets/live-widgets"
"""The browser runtime (JS, CSS, runtime.json) goes in RUNTIME/<hash of all of it>/."""
WHEELS = "assets/wheels"
SNAPSHOTS = "assets/snapshots"


def embed_page(widget: str, embed_dir: str = "embed") -> str:
    return f"{embed_dir.strip('/')}/{widget}/"


def model_source(module: str) -> str:
    return f"assets/models/{module.replace('.', '/')}.py"
