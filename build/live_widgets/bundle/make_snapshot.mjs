// Make a memory snapshot of a Pyodide interpreter that has the book's widget
// models imported and warmed, so the browser can skip Python's start-up.
//
// usage: node make_snapshot.mjs <pyodide dir> <widget wheel> <output file> <widget package>
// Writes the raw snapshot (the build compresses it) and prints JSON facts to stdout.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, wheelPath, outPath, widgetPackage] = process.argv.slice(2);
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
// compiled modules and their memoised tables.
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
pyodide.runPython(`
from live_widgets.core.registry import discover
from live_widgets.core.runtime import make_handler
make_handler("${widgetPackage}")
for spec in discover("${widgetPackage}").specs:
    spec.run({})
`);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(outPath, snapshot);
console.log(JSON.stringify({ pyodide: version, bytes: snapshot.length, ms: Math.round(performance.now() - started) }));
