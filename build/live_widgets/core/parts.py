"""Work in parts: a generator that yields None wherever it may stop, and returns its result.

A model whose recompute is long can be written this way (`WidgetSpec.view_in_parts`).
The browser's worker then runs it part by part and, between parts, hears whether the
reader has since asked for newer values; if so it stops, and the stale result is never
computed to the end. Everywhere else (the build, tests, CPython) `finish` runs it through.
"""

from __future__ import annotations

from collections.abc import Generator

type Parts[T] = Generator[None, None, T]
"""Yields None at each point where the work may stop; returns the result."""


def finish[T](parts: Parts[T]) -> T:
    """Run `parts` to the end and return its result."""
    while True:
        try:
            next(parts)
        except StopIteration as done:
            return done.value
