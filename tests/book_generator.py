"""A generator for this book's widgets, without MkDocs, for tests of block expansion."""

from __future__ import annotations

from pathlib import Path

from live_widgets.generator import Generator, Settings
from widgets import registry

ROOT = Path(__file__).resolve().parents[1]


def book_generator(
    diagrams_dir: Path | None = ROOT / "diagrams", site_url: str | None = None
) -> Generator:
    return Generator(
        Settings(
            registry=registry(),
            widgets_dir=ROOT / "widgets",
            docs_name="content",
            pyodide_dir=ROOT / "node_modules" / "pyodide",
            cache_dir=ROOT / ".cache" / "live-widgets",
            title="Scaling",
            site_url=site_url,
            diagrams_dir=diagrams_dir,
            snapshot=False,
        )
    )


def expand(markdown: str, path: str, page_url: str = "", **settings: object) -> str:
    """`markdown` with its blocks expanded as the plugin would."""
    return book_generator(**settings).expand(markdown, path, page_url)  # type: ignore[arg-type]
