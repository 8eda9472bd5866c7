#!/usr/bin/env sh
# Print the newest usable Python 3.12+ on this machine, or say what to install.
# pyodide-build (used to register the widget wheel in Pyodide's lock file) needs 3.12+.
# pyenv shims answer to names they cannot run, so every candidate is tried for real.
candidates="python3.14 python3.13 python3.12 python3"
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for version in $(ls -1r "$root/versions" 2>/dev/null); do
    candidates="$candidates $root/versions/$version/bin/python3"
  done
fi
for candidate in ${PYTHON:-} $candidates; do
  if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    command -v "$candidate" 2>/dev/null || echo "$candidate"
    exit 0
  fi
done
echo "No Python 3.12 or newer found. Install one (Debian/Ubuntu: apt install python3.12; macOS: brew install python@3.13), or run: make PYTHON=/path/to/python3.12 ..." >&2
exit 1
