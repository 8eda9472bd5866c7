// Make a memory snapshot of a Pyodide interpreter that has the book's widget
// models imported and warmed, so the browser can skip Python's start-up.
//
// usage: node make_snapshot.mjs <pyodide dir> <widget wheel> <output file>
// Writes the raw snapshot (the build compresses it) and prints JSON facts to stdout.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, wheelPath, outPath] = process.argv.slice(2);
if (!pyodideDir || !wheelPath || !outPath) {
  console.error("usage: node make_snapshot.mjs <pyodide dir> <widget wheel> <output file>");
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
// compiled modules and their memoised tables.
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
pyodide.runPython(`
import widgets.runtime
from widgets import all_specs
for spec in all_specs():
    spec.run({})
`);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(outPath, snapshot);
console.log(JSON.stringify({ pyodide: version, bytes: snapshot.length, ms: Math.round(performance.now() - started) }));
