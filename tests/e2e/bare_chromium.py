"""A Chromium page driven over the DevTools protocol with nothing attached to its
service workers.

Playwright attaches DevTools to every service worker of its contexts, and Chromium
never considers an attached worker idle: an old worker then stays "busy" for ever,
so a new one that called skipWaiting() waits behind it for Chromium's five-minute
lame-duck limit. Readers' browsers have no DevTools attached, and there the new
worker takes over once the old one is idle (with this driver, within a second; about
30 s when a page had just sent the old worker a message, which pages no longer do while a
new worker waits: offline.js). Tests of a worker's
takeover use this page instead of Playwright's; everything else uses Playwright.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

from book_bench.browser import CHROMIUM_FLAGS, chromium_executable

_LISTENING = re.compile(r"DevTools listening on ws://([^/\s]+)/")


class CdpError(RuntimeError):
    """The page answered a command with an error, or a wait ran out."""


@dataclass
class BarePage:
    """One page target: commands, events, evaluation and condition waits."""

    socket: ClientConnection
    _next_id: int = 0
    _events: list[dict[str, Any]] = field(default_factory=list)

    def call(
        self, method: str, params: dict[str, Any] | None = None, timeout_s: float = 120
    ) -> Any:
        self._next_id += 1
        ask = self._next_id
        self.socket.send(json.dumps({"id": ask, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self.socket.recv(timeout=timeout_s))
            if message.get("id") == ask:
                if "error" in message:
                    raise CdpError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self._events.append(message)

    def _event(self, method: str, timeout_s: float) -> dict[str, Any]:
        for index, event in enumerate(self._events):
            if event["method"] == method:
                return self._events.pop(index)
        while True:
            message = json.loads(self.socket.recv(timeout=timeout_s))
            if message.get("method") == method:
                return message
            if "method" in message:
                self._events.append(message)

    def goto(self, url: str, timeout_s: float = 60) -> None:
        """Navigate and return once the page's load event has fired."""
        self._events.clear()
        result = self.call("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CdpError(f"navigation to {url} failed: {result['errorText']}")
        self._event("Page.loadEventFired", timeout_s)

    def evaluate(self, expression: str, timeout_s: float = 120) -> Any:
        """The value of `expression` (a promise is awaited), as JSON."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout_s,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise CdpError(details.get("exception", {}).get("description") or details.get("text"))
        return result["result"].get("value")

    def wait_for(self, predicate: str, timeout_ms: int = 90_000) -> Any:
        """Wait (in the page, checking every 100 ms) until the arrow function
        `predicate` returns something truthy; that value, or CdpError on time-out."""
        return self.evaluate(
            f"""new Promise((resolve, reject) => {{
                  const predicate = {predicate};
                  const until = performance.now() + {timeout_ms};
                  const check = () => {{
                    let value;
                    try {{ value = predicate(); }} catch (error) {{ value = undefined; }}
                    if (value) resolve(value);
                    else if (performance.now() > until) reject(new Error("waited {timeout_ms} ms for " + {json.dumps(predicate)}));
                    else setTimeout(check, 100);
                  }};
                  check();
                }})""",
            timeout_s=timeout_ms / 1000 + 30,
        )


def _listening_url(process: subprocess.Popen[str]) -> str:
    """The browser's DevTools address, read from the line Chromium prints once it listens;
    the rest of its output is drained on a thread so it never blocks on a full pipe."""
    assert process.stderr is not None
    for line in process.stderr:
        found = _LISTENING.search(line)
        if found:
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return found.group(1)
    raise CdpError(f"Chromium exited at start (code {process.wait()})")


@contextmanager
def bare_page() -> Iterator[BarePage]:
    """A fresh headless Chromium (own profile) and its one page, closed afterwards."""
    executable = chromium_executable() or shutil.which("chromium")
    if not executable:
        raise CdpError("no Chromium found (set CHROMIUM)")
    # Chromium's helper processes may still write to the profile as it is removed.
    with tempfile.TemporaryDirectory(prefix="bare-chromium-", ignore_cleanup_errors=True) as tmp:
        profile = Path(tmp)
        process = subprocess.Popen(
            [
                executable,
                *CHROMIUM_FLAGS,
                "--headless",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            address = _listening_url(process)
            with urllib.request.urlopen(f"http://{address}/json/list", timeout=30) as answer:
                targets = json.load(answer)
            target = next(t for t in targets if t["type"] == "page")
            with connect(target["webSocketDebuggerUrl"], max_size=None) as socket:
                page = BarePage(socket)
                page.call("Page.enable")
                yield page
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
