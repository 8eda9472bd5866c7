"""Mermaid, vendored: point mkdocs-mermaid2 at our copy, and mend its import path."""

from __future__ import annotations

import re

from live_widgets.site_paths import VENDOR

MERMAID_ENTRY = f"{VENDOR}/mermaid/mermaid.esm.min.mjs"

_MODULE_SCRIPT = re.compile(r"<script[^>]*\btype=[\"']?module[^>]*>.*?</script>", re.S)
_BARE_IMPORT = re.compile(r"""(\bimport\s+[\w{}\s,*]+?\s+from\s+["'])(?=[\w-]+/)(?!https?:)""")


def fix_module_imports(html: str) -> str:
    """Make relative module imports start with "./".

    mkdocs-mermaid2 computes its import path with os.path.relpath, which gives
    `import mermaid from "assets/vendor/..."` on the home page. Browsers read that as a
    bare module specifier and refuse it; "./assets/vendor/..." is the same file.
    """
    return _MODULE_SCRIPT.sub(lambda m: _BARE_IMPORT.sub(r"\1./", m.group(0)), html)
