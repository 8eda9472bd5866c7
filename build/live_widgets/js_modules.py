"""The browser modules a page will import, found by reading their static imports.

The embed page lists them as `<link rel="modulepreload">` so the browser fetches the
whole widget runtime at once instead of discovering it one import level at a time
(boot.js -> controller.js -> params.js), which delays the start of Python. Reading
the import statements keeps the list true when a module gains or loses an import.
"""

from __future__ import annotations

import re
from pathlib import Path

from live_widgets.errors import BookError

# `import x from "./a.js";`, `import { a, b } from "./a.js";`, `import "./a.js";` and
# `export ... from "./a.js";`. Dynamic import() is left out on purpose: it is lazy.
_STATIC_IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^"';]*?(?:\bfrom\s*)?["'](\.{1,2}/[^"']+\.js)["']""",
    re.MULTILINE | re.DOTALL,
)


def static_imports(module: Path) -> list[Path]:
    """The relative modules `module` imports statically, in order of appearance."""
    text = module.read_text(encoding="utf-8")
    return [(module.parent / spec).resolve() for spec in _STATIC_IMPORT.findall(text)]


def module_graph(entry: Path) -> list[Path]:
    """Every module `entry` pulls in, directly or not, without `entry` itself."""
    seen: list[Path] = []
    pending = static_imports(entry)
    while pending:
        module = pending.pop(0)
        if module in seen or module == entry.resolve():
            continue
        if not module.is_file():
            raise BookError(str(entry), f"imports {module.name}, which does not exist")
        seen.append(module)
        pending.extend(static_imports(module))
    return seen


def preload_links(entry: Path, docs_dir: Path, root: str) -> str:
    """`<link rel="modulepreload">` for every module of `entry`, with URLs under `root`
    (the relative path from the page to the site root)."""
    return "\n".join(
        f'<link rel="modulepreload" href="{root}{module.relative_to(docs_dir.resolve()).as_posix()}">'
        for module in module_graph(entry)
    )
