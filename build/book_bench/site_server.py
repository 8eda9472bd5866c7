"""Build the book once and serve it on a free 127.0.0.1 port, as a static host would."""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class StaticHandler(SimpleHTTPRequestHandler):
    """A quiet static host with the right types (and CORS); tests may subclass it."""

    extensions_map = {  # noqa: RUF012 - the stdlib's own class attribute
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/zip",
        ".py": "text/plain; charset=utf-8",
    }

    # As a static host for course platforms should: a page in a sandboxed frame (an
    # opaque origin) fetches the widget's modules and Python's files with CORS.
    cors = True

    def end_headers(self) -> None:
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:
        # The browser (or a test's route) may drop a request: not an error here.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().copyfile(source, outputfile)


@dataclass(frozen=True)
class Served:
    root: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


class _NoCorsHandler(StaticHandler):
    cors = False


@dataclass
class Link:
    """One link shared by every connection: bytes leave at `bytes_per_s` in all, as
    over a real slow network (Chromium's own throttling misses a worker's worker)."""

    bytes_per_s: float
    sent: Counter[str] = field(default_factory=Counter)  # files sent in full, by name
    _next: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, write: Callable[[bytes], object], data: bytes, chunk: int = 16_384) -> None:
        for start in range(0, len(data), chunk):
            piece = data[start : start + chunk]
            with self._lock:
                now = time.monotonic()
                slot = max(now, self._next)
                self._next = slot + len(piece) / self.bytes_per_s
            time.sleep(max(0.0, slot - now))  # pacing the server's output, not a test's wait
            write(piece)


def _paced(link: Link) -> type[StaticHandler]:
    class _PacedHandler(StaticHandler):
        def copyfile(self, source, outputfile) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                link.send(outputfile.write, source.read())
                link.sent[self.path.split("?")[0].rsplit("/", 1)[-1]] += 1

    return _PacedHandler


@contextmanager
def serve(
    directory: Path,
    *,
    cors: bool = True,
    link: Link | None = None,
    handler: type[StaticHandler] | None = None,
) -> Iterator[Served]:
    """Serve `directory` on a free 127.0.0.1 port; `cors=False`: without the
    Access-Control-Allow-Origin header (as many static hosts do); `link`: every
    response's bytes paced through that one shared link; `handler`: a StaticHandler
    of the caller's own."""
    kind = handler or (_paced(link) if link else StaticHandler if cors else _NoCorsHandler)
    bound = functools.partial(kind, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), bound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(directory, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def build_site(repo: Path, out: Path, site_url: str, config: str = "mkdocs.yml") -> None:
    """`mkdocs build --strict` with site_url pointing where the tests will serve."""
    env = {**os.environ, "SITE_URL": site_url}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "--site-dir", str(out)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")


def runtime_dir(site_root: Path) -> Path:
    """The built runtime's folder (its name is a hash of its contents)."""
    found = sorted(site_root.glob("assets/live-widgets/*/js/runtime.json"))
    if len(found) != 1:
        raise RuntimeError(f"expected one runtime folder in {site_root}, found {found}")
    return found[0].parent
