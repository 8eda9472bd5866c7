// Make a memory snapshot of a Pyodide interpreter that has the book's widget
// models imported and warmed, so the browser can skip Python's start-up.
//
// usage: node make_snapshot.mjs <pyodide dir> <widget wheel> <output file> <widget package>
// Writes the raw snapshot (the build compresses it) and prints JSON facts to stdout.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, wheelPath, outPath, widgetPackage] = process.argv.slice(2);
const MODEL_ERROR = "live-widgets model error: "; // snapshot.py reads what follows
if (!pyodideDir || !wheelPath || !outPath || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(widgetPackage || "")) {
  console.error("usage: node make_snapshot.mjs <pyodide dir> <widget wheel> <output file> <widget package>");
  process.exit(2);
}

const { loadPyodide, version } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const started = performance.now();
const pyodide = await loadPyodide({
  indexURL: pyodideDir + path.sep,
  _makeSnapshot: true,
  stdout: () => {},
  stderr: (line) => console.error(line),
});
// Install the wheel by unpacking it into site-packages (no network, no loadPackage
// lock-file lookups), then import and warm every widget so the snapshot holds
// compiled modules and their memoised tables (core/snapshot_state.py).
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
try {
  pyodide.runPython(`
from live_widgets.core.snapshot_state import prepare_snapshot
prepare_snapshot("${widgetPackage}")
`);
} catch (error) {
  // The widgets do not load or run in Pyodide (a module CPython has and Pyodide has
  // not, say). Left uncaught, Node would print the minified line it was thrown from, a
  // megabyte long; say only Python's last line, marked for snapshot.py, and exit 3.
  const said = String(error?.message ?? error).trim().split("\n").at(-1);
  console.error(`${MODEL_ERROR}${said}`);
  process.exit(3);
}
zeroFreeMemory(pyodide._module);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(outPath, snapshot);
console.log(JSON.stringify({ pyodide: version, bytes: snapshot.length, ms: Math.round(performance.now() - started) }));

// Memory that was used and freed still holds its old bytes (random floats, say), and
// the snapshot ships every page that is not all zeros. So each free block is taken
// with malloc, zeroed and freed again, the heap held at its size meanwhile: the
// snapshot then carries only what is in use. (Emscripten's dlmalloc exports what this
// needs; without it the snapshot is just larger.)
function zeroFreeMemory(module) {
  const needed = ["_malloc", "_free", "_malloc_usable_size", "_malloc_footprint", "_malloc_set_footprint_limit"];
  if (!needed.every((name) => typeof module[name] === "function")) return;
  module._malloc_set_footprint_limit(module._malloc_footprint()); // take free blocks, never grow
  const taken = [];
  try {
    for (let size = 1 << 24; size >= 8; size >>>= 1) {
      for (let block = module._malloc(size); block; block = module._malloc(size)) {
        module.HEAPU8.fill(0, block, block + module._malloc_usable_size(block));
        taken.push(block);
      }
    }
  } finally {
    for (const block of taken) module._free(block);
    module._malloc_set_footprint_limit(-1); // no limit, as before
  }
}
