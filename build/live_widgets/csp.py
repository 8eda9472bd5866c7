"""A Content-Security-Policy for every page, as a `<meta http-equiv>` (no MkDocs import).

Scripts may come from the site itself and, inline, only if their exact text is hashed
in the policy: no 'unsafe-inline' and no 'unsafe-eval' for scripts. Pyodide compiles
WebAssembly, which needs 'wasm-unsafe-eval'; in a sandboxed frame the Python worker
is a blob that imports the real one, hence `worker-src blob:`.

A meta policy cannot say `frame-ancestors` (who may frame the page) and starts to
apply only where it appears, so it goes first in <head>; a host can send the same
policy as a header (see README.md).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

# Every inline <script> with a body, but not data blocks (JSON: never executed).
_INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_EXECUTABLE_TYPES = {"", "module", "text/javascript", "application/javascript"}
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?', re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


def script_hash(body: str) -> str:
    """The CSP source for an inline script's exact text ('sha256-<base64>')."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(html: str) -> list[str]:
    """The hashes of the page's inline scripts that a browser would run, in page order."""
    found: list[str] = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        kind = _TYPE.search(attrs)
        if _SRC.search(attrs) or (kind and kind.group(1).lower() not in _EXECUTABLE_TYPES):
            continue
        source = script_hash(body)
        if source not in found:
            found.append(source)
    return found


def policy(hashes: Iterable[str]) -> str:
    """The policy text for a page whose inline scripts have these hashes."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(set(hashes))])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "worker-src 'self' blob:",
            "connect-src 'self'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            # Material and Mermaid set style attributes and <style> elements.
            "style-src 'self' 'unsafe-inline'",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def meta_tag(hashes: Iterable[str]) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'


def add_csp(html: str, extra_hashes: Iterable[str] = ()) -> str:
    """`html` with its policy as the first element of <head> after the charset (an
    existing policy meta is replaced). `extra_hashes`: inline scripts that other pages
    bring along (Material's instant navigation keeps the first page's policy)."""
    tag = meta_tag([*inline_script_hashes(_META.sub("", html)), *extra_hashes])
    return first_in_head(_META.sub("", html), tag)


def first_in_head(html: str, markup: str) -> str:
    """`html` with `markup` first in <head>, after the charset (which must stay first);
    unchanged if there is no <head>."""
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if not anchor:
        return html
    return f"{html[: anchor.end()]}\n{markup}{html[anchor.end() :]}"
