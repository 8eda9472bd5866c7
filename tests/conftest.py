"""Shared fixtures: the repository, and the book built once per test session."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from book_bench.site_server import Served, build_site, serve

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def site(repo_root: Path) -> Iterator[Served]:
    """`mkdocs build --strict` of the real book, served on a free 127.0.0.1 port
    (site_url points there, so Material's instant navigation is active)."""
    with tempfile.TemporaryDirectory(prefix="scaling-book-site-") as tmp:
        out = Path(tmp)
        with serve(out) as served:
            build_site(repo_root, out, served.url)
            yield served
