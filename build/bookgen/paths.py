"""Where things are in the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = ROOT / "diagrams"
WIDGETS = ROOT / "widgets"
NODE_MODULES = ROOT / "node_modules"
PACKAGE_JSON = ROOT / "package.json"
DOCS = ROOT / "content"
WIDGET_BOOT = DOCS / "assets" / "js" / "widgets" / "boot.js"
"""The browser entry point of every widget (boot.js imports the rest)."""
