"""The Content-Security-Policy every page carries: inline scripts allowed by their exact
hash only, data blocks left out, and the policy placed before any script runs."""

from __future__ import annotations

import base64
import hashlib

from live_widgets.csp import add_csp, inline_script_hashes, policy, script_hash
from live_widgets.embed import render_embed_page
from widgets import get_spec

PAGE = """<!doctype html>
<html><head>
<meta charset="utf-8">
<script>var a = 1;</script>
<script id="__config" type="application/json">{"x": 1}</script>
<script src="a.js"></script>
<script type="module">import "./b.js";</script>
</head><body><script>var a = 1;</script></body></html>
"""


def test_hash_is_the_sha256_of_the_exact_text() -> None:
    """A hash source is base64(sha256(text)) in quotes, as browsers compute it."""
    expected = base64.b64encode(hashlib.sha256(b"var a = 1;").digest()).decode()
    assert script_hash("var a = 1;") == f"'sha256-{expected}'"


def test_only_executable_inline_scripts_are_hashed() -> None:
    """Classic and module inline scripts are hashed once each; JSON data blocks and
    scripts with a src are not (the src ones are allowed by 'self')."""
    assert inline_script_hashes(PAGE) == [
        script_hash("var a = 1;"),
        script_hash('import "./b.js";'),
    ]


def test_policy_has_no_unsafe_inline_or_eval_for_scripts() -> None:
    """Scripts: 'self', WebAssembly compilation and the listed hashes; nothing else."""
    text = policy([script_hash("x")])
    script_src = next(d for d in text.split("; ") if d.startswith("script-src "))
    assert script_src == f"script-src 'self' 'wasm-unsafe-eval' {script_hash('x')}"
    assert "'unsafe-eval'" not in text
    assert "object-src 'none'" in text
    assert "worker-src 'self' blob:" in text


def test_meta_comes_first_after_the_charset_and_is_replaced_not_doubled() -> None:
    """The policy applies only from where it appears, so it precedes every script; a
    second pass (on_post_build widening it) replaces it."""
    once = add_csp(PAGE)
    assert once.index('http-equiv="Content-Security-Policy"') < once.index("<script")
    assert once.index('<meta charset="utf-8">') < once.index("Content-Security-Policy")
    twice = add_csp(once, [script_hash("other")])
    assert twice.count("Content-Security-Policy") == 1
    assert script_hash("other") in twice
    assert script_hash("var a = 1;") in twice


def test_embed_page_policy_allows_its_own_early_script() -> None:
    """The embed page's early-start script is allowed by its hash, and nothing else inline."""
    html = render_embed_page(
        get_spec("cache-hit-rate"),
        book_page="caching/",
        runtime_dir="assets/live-widgets/abc",
        title="Scaling",
    )
    hashes = inline_script_hashes(html)
    assert len(hashes) == 1
    meta = html.split('content="', 1)[1].split('"', 1)[0]
    assert hashes[0] in meta
    assert "unsafe-inline" not in meta.split("style-src")[0]


def test_no_policy_where_mkdocs_serve_injects_its_live_reload_script() -> None:
    """Under `mkdocs serve` (csp=False) an embed page carries no policy, so the live
    reload script MkDocs adds as it serves each page is not refused."""
    html = render_embed_page(
        get_spec("cache-hit-rate"),
        book_page=None,
        runtime_dir="assets/live-widgets/abc",
        title="Scaling",
        csp=False,
    )
    assert "Content-Security-Policy" not in html
