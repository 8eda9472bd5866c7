"""Run a snippet of the browser's own ES modules under Node, for unit tests of JavaScript."""

from __future__ import annotations

import json
import shutil
import subprocess

NODE = shutil.which("node")


def run_module(script: str) -> object:
    """Run `script` as an ES module and return what it printed, read as JSON."""
    done = subprocess.run(
        [NODE or "node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)
