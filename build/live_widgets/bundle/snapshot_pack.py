"""The packed form of a memory snapshot: its non-zero runs, one after another.

A Pyodide snapshot is the interpreter's whole memory, and about 45 % of it is zero
(the unused stack, memory never handed out). Storing only the runs that are not
zero halves the work of inflating it in the browser and of copying it into place;
the runs' offsets travel in the runtime manifest, and the browser writes each run
back where it came from in Pyodide's memory, zeroing the gaps (writeImage, in
snapshot-source.js).
"""

from __future__ import annotations

from dataclasses import dataclass

# Only whole zero pages are left out: shorter gaps of zeros stay in the data, where
# they compress to almost nothing, and the runs stay few (18 for the book's snapshot).
PAGE = 4096


@dataclass(frozen=True)
class Run:
    offset: int
    length: int

    @property
    def end(self) -> int:
        return self.offset + self.length


@dataclass(frozen=True)
class Packed:
    size: int  # bytes of the whole snapshot, zeros included
    runs: tuple[Run, ...]  # where each piece of `data` goes, in order
    data: bytes  # the non-zero runs, concatenated


def nonzero_runs(raw: bytes, page: int = PAGE) -> tuple[Run, ...]:
    """The byte ranges of `raw` outside its all-zero pages, merged where they touch."""
    zero = bytes(page)
    runs: list[Run] = []
    for start in range(0, len(raw), page):
        chunk = raw[start : start + page]
        if chunk == zero[: len(chunk)]:
            continue
        if runs and runs[-1].end == start:
            runs[-1] = Run(runs[-1].offset, runs[-1].length + len(chunk))
        else:
            runs.append(Run(start, len(chunk)))
    return tuple(runs)


def pack(raw: bytes, page: int = PAGE) -> Packed:
    runs = nonzero_runs(raw, page)
    return Packed(len(raw), runs, b"".join(raw[r.offset : r.end] for r in runs))


def unpack(packed: Packed) -> bytes:
    """The snapshot as it was (what the browser's writeImage, in snapshot-source.js,
    leaves in Pyodide's memory past the header)."""
    out = bytearray(packed.size)
    at = 0
    for run in packed.runs:
        out[run.offset : run.end] = packed.data[at : at + run.length]
        at += run.length
    if at != len(packed.data):
        raise ValueError(f"runs cover {at} bytes of {len(packed.data)}")
    return bytes(out)
