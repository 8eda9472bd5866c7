"""How the browser puts a packed snapshot into Pyodide's memory (snapshot-source.js, run
in Node): written straight into the memory, it must leave exactly what copying the
whole unpacked snapshot would, and the array Pyodide is handed must behave as the
whole snapshot where Pyodide looks at it."""

from __future__ import annotations

import base64
import json
import random

import pytest

from live_widgets.bundle.snapshot_pack import pack
from live_widgets.generator import ASSETS
from tests.node_module import NODE, run_module

SOURCE_JS = ASSETS / "js" / "snapshot-source.js"
PAGE = 16  # small pages give many runs and gaps in a small snapshot
GARBAGE = 0xAB  # what a fresh Pyodide's memory holds before the restore, say
EXTRA = 40  # memory past the snapshot's end, which the restore leaves alone

needs_node = pytest.mark.skipif(NODE is None, reason="Node is needed to run snapshot-source.js")


def _node(body: str, **values: object) -> object:
    """Run `body` with snapshot-source.js's exports as `m` and `values` as constants."""
    constants = "".join(f"const {name} = {json.dumps(value)};" for name, value in values.items())
    script = (
        f"const m = await import({json.dumps(SOURCE_JS.as_uri())});"
        "const bytes = (text) => new Uint8Array(Buffer.from(text, 'base64'));"
        "const text = (array) => Buffer.from(array).toString('base64');"
        f"{constants}{body}"
    )
    return run_module(script)


def _snapshot(rng: random.Random) -> tuple[bytes, int]:
    """A made-up snapshot: a header of `header_end` bytes (non-zero at its start, as
    Pyodide's magic number is), then memory pages each all zero or not."""
    header_end = rng.randrange(4, 3 * PAGE)
    pages = [
        bytes(PAGE) if rng.random() < 0.5 else rng.randbytes(PAGE)
        for _ in range(rng.randrange(0, 12))
    ]
    raw = (
        b"\x01" + rng.randbytes(header_end - 1) + b"".join(pages) + rng.randbytes(rng.randrange(3))
    )
    return raw, header_end


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@needs_node
def test_writing_the_image_leaves_what_copying_the_whole_snapshot_would() -> None:
    """For snapshots of every shape (zero pages anywhere, a header that spans runs), the
    memory holds the snapshot's memory part byte for byte, the gaps zeroed over what was
    there before, and what lies past the snapshot untouched."""
    rng = random.Random(20261206)
    cases, raws = [], []
    for _ in range(60):
        raw, header_end = _snapshot(rng)
        packed = pack(raw, PAGE)
        raws.append(raw)
        cases.append(
            {
                "packed": _b64(packed.data),
                "runs": [[run.offset, run.length] for run in packed.runs],
                "size": packed.size,
                "headerEnd": header_end,
            }
        )
    heaps = _node(
        "console.log(JSON.stringify(CASES.map((c) => {"
        "  const heap = new Uint8Array(c.size - c.headerEnd + EXTRA).fill(GARBAGE);"
        "  m.writeImage(bytes(c.packed), c.runs, c.size, c.headerEnd, heap);"
        "  return text(heap);"
        "})));",
        CASES=cases,
        EXTRA=EXTRA,
        GARBAGE=GARBAGE,
    )
    assert isinstance(heaps, list)
    for case, raw, heap in zip(cases, raws, heaps, strict=True):
        memory = raw[case["headerEnd"] :]
        written = base64.b64decode(heap)
        assert written[: len(memory)] == memory
        assert written[len(memory) :] == bytes([GARBAGE]) * EXTRA


@needs_node
def test_a_memory_too_small_for_the_snapshot_is_refused() -> None:
    """Pyodide sizes its memory by the snapshot; if it did not, the restore fails with a
    message rather than writing a part of the snapshot."""
    error = _node(
        "try { m.writeImage(new Uint8Array(8), [[0, 8]], 64, 4, new Uint8Array(16));"
        " console.log(JSON.stringify('written')); }"
        " catch (e) { console.log(JSON.stringify(e.message)); }"
    )
    assert error == "Python's memory is smaller than the snapshot"


@needs_node
def test_the_image_looks_like_the_whole_snapshot_where_pyodide_looks() -> None:
    """Pyodide reads the snapshot's length (to size its memory), its header through
    subarray(start, end), and copies subarray(headerEnd): the image reports the whole
    length, serves the header once the bytes arrive, writes the memory itself when
    asked for the rest, and leaves Pyodide nothing to copy."""
    raw, header_end = _snapshot(random.Random(7))
    packed = pack(raw, PAGE)
    seen = _node(
        "const memory = { buffer: new ArrayBuffer(SIZE - HEADER_END + 8) };"
        "const image = m.snapshotImage({ size: SIZE, runs: RUNS }, () => memory, () => false);"
        "const early = (() => { try { image.subarray(HEADER_END); return 'copied'; }"
        "  catch (e) { return e.message; } })();"
        "image.arrived(bytes(PACKED));"
        "const rest = image.subarray(HEADER_END);"
        "console.log(JSON.stringify({ isView: ArrayBuffer.isView(image), length: image.length,"
        "  header: text(image.subarray(0, HEADER_END)), early, rest: rest.length,"
        "  memory: text(new Uint8Array(memory.buffer)) }));",
        SIZE=packed.size,
        RUNS=[[run.offset, run.length] for run in packed.runs],
        HEADER_END=header_end,
        PACKED=_b64(packed.data),
    )
    assert isinstance(seen, dict)
    assert seen["isView"] is True
    assert seen["length"] == len(raw)
    assert base64.b64decode(seen["header"]) == raw[:header_end]
    assert seen["early"] == "the snapshot's bytes did not arrive"
    assert seen["rest"] == 0
    assert base64.b64decode(seen["memory"]) == raw[header_end:] + bytes(8)


@needs_node
def test_a_restore_given_up_on_never_writes_the_memory() -> None:
    """Once the restore is given up, a normal start may own the newest memory: the image
    refuses to write, even with its bytes in hand, and the memory stays as it was."""
    seen = _node(
        "const memory = { buffer: new ArrayBuffer(16) };"
        "const image = m.snapshotImage({ size: 20, runs: [[0, 20]] }, () => memory, () => true);"
        "image.arrived(new Uint8Array(20).fill(9));"
        "const error = (() => { try { image.subarray(4); return 'written'; }"
        "  catch (e) { return e.message; } })();"
        "console.log(JSON.stringify({ error, memory: [...new Uint8Array(memory.buffer)] }));"
    )
    assert seen == {"error": "the snapshot restore was given up", "memory": [0] * 16}


@needs_node
@pytest.mark.parametrize(
    ("runs", "problem"),
    [
        ([[0, 8], [16, 8]], ""),
        ([[4, 8]], "its first run does not hold its header"),
        ([], "its first run does not hold its header"),
        ([[0, 8], [4, 8]], "its runs are not in order"),
        ([[0, 8], [60, 8]], "its runs reach past its size"),
    ],
)
def test_a_layout_the_image_cannot_use_is_named(runs: list[list[int]], problem: str) -> None:
    """The manifest's layout is checked before anything is downloaded: the header must
    open the first run, and the runs must be in order and inside the snapshot."""
    packed = sum(length for _, length in runs)
    said = _node(
        "console.log(JSON.stringify(m.layoutProblem({ size: 64, packed: PACKED, runs: RUNS })));",
        PACKED=packed,
        RUNS=runs,
    )
    assert said == problem
