"""The packed snapshot: only whole zero pages are left out, and unpacking gives back
every byte; the snapshot the real build ships unpacks into a Pyodide snapshot."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from book_bench.site_server import Served, runtime_dir
from live_widgets.bundle import snapshot as snapshot_module
from live_widgets.bundle.snapshot import (
    QUICK_LEVEL,
    SHIPPED_LEVEL,
    Snapshot,
    _read_cache,
    _write_cache,
    make_snapshot,
)
from live_widgets.bundle.snapshot_pack import Packed, Run, nonzero_runs, pack, unpack
from live_widgets.bundle.wheel import Wheel

PAGE = 16  # small pages keep the generated cases small; the code takes any page size

# A snapshot as a sequence of pages, each all zeros or not, with a short last page.
pages = st.lists(
    st.one_of(st.just(bytes(PAGE)), st.binary(min_size=PAGE, max_size=PAGE)), max_size=40
)
tails = st.binary(max_size=PAGE - 1)


@given(pages, tails)
def test_unpacking_gives_back_every_byte(chunks: list[bytes], tail: bytes) -> None:
    """Whatever the mix of zero and other pages, unpack(pack(x)) == x."""
    raw = b"".join(chunks) + tail
    assert unpack(pack(raw, PAGE)) == raw


@given(pages, tails)
def test_only_whole_zero_pages_are_left_out(chunks: list[bytes], tail: bytes) -> None:
    """The runs are page-aligned, in order, never touching (they would have been merged),
    and what they leave out is exactly the all-zero pages."""
    raw = b"".join(chunks) + tail
    runs = nonzero_runs(raw, PAGE)
    assert all(run.offset % PAGE == 0 for run in runs)
    assert all(a.end < b.offset for a, b in itertools.pairwise(runs))
    covered = set()
    for run in runs:
        covered.update(range(run.offset // PAGE, -(-run.end // PAGE)))
    for index in range(-(-len(raw) // PAGE)):
        page = raw[index * PAGE : (index + 1) * PAGE]
        assert (index in covered) == any(page), index


def test_an_all_zero_snapshot_packs_to_nothing() -> None:
    """The degenerate case: no runs, no data, and still the right size when unpacked."""
    packed = pack(bytes(5 * PAGE), PAGE)
    assert packed == Packed(5 * PAGE, (), b"")
    assert unpack(packed) == bytes(5 * PAGE)


def test_runs_that_do_not_cover_the_data_are_refused() -> None:
    """A layout that does not match its data is an error, not a silently wrong snapshot."""
    with pytest.raises(ValueError, match="16 bytes of 32"):
        unpack(Packed(64, (Run(0, 16),), bytes(32)))


def test_cache_round_trip_and_a_damaged_entry(tmp_path) -> None:
    """A cached snapshot reads back equal; a damaged layout file means "make it again"."""
    snapshot = Snapshot("k1", gzip.compress(b"abc", mtime=0), 8192, (Run(0, 3),))
    _write_cache(tmp_path, snapshot)
    assert _read_cache(tmp_path, "k1") == snapshot
    (tmp_path / "k1.json").write_text("{not json", encoding="utf-8")
    assert _read_cache(tmp_path, "k1") is None
    assert _read_cache(tmp_path, "missing") is None


def test_a_quick_snapshot_under_serve_is_never_the_one_a_build_ships(tmp_path, monkeypatch) -> None:
    """`mkdocs serve` compresses the snapshot quickly; a later `mkdocs build` with the same
    models makes its own at the shipped level instead of reusing the quick one."""
    made: list[int] = []
    text = b"".join(b"%d squared is %d; " % (i, i * i) for i in range(20_000))

    def maker(*args: object) -> bytes:
        made.append(len(made))
        return text

    monkeypatch.setattr(snapshot_module, "_run_maker", maker)
    wheel = Wheel("widgets-0-py3-none-any.whl", b"the wheel")
    args = (tmp_path, tmp_path, "0.0.0", wheel, "widgets")
    quick = make_snapshot(*args, quick=True)
    shipped = make_snapshot(*args)
    assert quick is not None and shipped is not None
    assert quick.key != shipped.key and len(made) == 2
    packed = pack(text).data
    assert gzip.decompress(quick.data) == gzip.decompress(shipped.data) == packed
    assert quick.data == gzip.compress(packed, compresslevel=QUICK_LEVEL, mtime=0)
    assert shipped.data == gzip.compress(packed, compresslevel=SHIPPED_LEVEL, mtime=0)
    assert make_snapshot(*args) == shipped and len(made) == 2  # the cache serves it again


def test_the_shipped_snapshot_unpacks_into_a_pyodide_snapshot(site: Served) -> None:
    """The manifest's runs fit the shipped bytes, and unpacked they start with the magic
    number Pyodide checks before restoring (so the browser's unpack has real input)."""
    manifest = json.loads((runtime_dir(site.root) / "runtime.json").read_text())
    if "snapshot" not in manifest:
        assert os.environ.get("BOOK_SNAPSHOT") in {"0", "false", "no"}
        return
    entry = manifest["snapshot"]
    path = runtime_dir(site.root) / entry["url"]
    shipped = path.read_bytes()
    assert len(shipped) == entry["bytes"]
    data = gzip.decompress(shipped)
    assert len(data) == entry["packed"]
    runs = tuple(Run(offset, length) for offset, length in entry["runs"])
    raw = unpack(Packed(entry["size"], runs, data))
    assert int.from_bytes(raw[:4], "little") == 0x706E7300  # Pyodide's snapshot magic
    assert nonzero_runs(raw) == runs
    assert entry["packed"] < 0.7 * entry["size"]  # the point of packing


def test_manifest_carries_the_sha256_of_the_packed_bytes() -> None:
    """The browser checks a copy kept in Cache Storage against this hash (of the packed
    bytes as inflated, not of the gzip file), so a damaged copy is never used."""
    packed = pack(b"\x00" * 8192 + b"python" * 1000)
    snapshot = Snapshot("k", gzip.compress(packed.data, mtime=0), packed.size, packed.runs)
    manifest = snapshot.manifest()
    assert manifest["sha256"] == hashlib.sha256(packed.data).hexdigest()
    assert manifest["packed"] == len(packed.data)
