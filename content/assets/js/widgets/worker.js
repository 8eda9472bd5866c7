// The module Web Worker that hosts Pyodide and the book's widget models.
// Messages in:  {type: "init", indexURL, wheelURL, snapshot?} then {type: "request", id, request}
// Messages out: {type: "progress", stage, detail}, {type: "fatal", error},
//               {type: "result", id, ok, reply | error, ms (time spent in Python)},
//               {type: "snapshot-kept"} (the snapshot is in Cache Storage for next time)
//
// Start-up prefers the build's memory snapshot (Python already started, models
// imported and warmed): it is used only when it was made for this Pyodide version,
// and any failure with it (missing, corrupt, too slow) falls back to a normal start.

const SNAPSHOT_TIMEOUT_MS = 30_000;
const QUIET = { stdout: () => {}, stderr: () => {} };

let handle = null;
let phaseFailed = null; // set while a start-up phase can still fall back

// Emscripten reports some start-up failures (a file that cannot be fetched, a
// corrupt snapshot) as uncaught errors rather than rejecting loadPyodide.
function fatal(error) {
  self.postMessage({ type: "fatal", error: String(error?.message || error || "unknown error") });
}
function uncaught(error) {
  if (phaseFailed) phaseFailed(error);
  else fatal(error);
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!handle) uncaught(event.reason);
});
self.addEventListener("error", (event) => {
  if (handle) return; // a crash after start-up reaches the page's worker.onerror
  event.preventDefault();
  uncaught(event.error || event.message);
});

// Work that must not delay the first result: storing the snapshot copies tens of
// megabytes on this thread. It runs once the first request has been answered, or a
// few seconds after start-up if no request comes.
const deferred = [];
const DEFER_AT_MOST_MS = 3000;
function afterFirstResult(task) {
  deferred.push(task);
}
function runDeferred() {
  for (const task of deferred.splice(0)) setTimeout(task, 0);
}

function progress(stage, detail = "") {
  self.postMessage({ type: "progress", stage, detail });
}

const SNAPSHOT_CACHE = "scaling-book-python-snapshot";

/** The snapshot's bytes; it is stored gzip-compressed unless the server already decoded it. */
async function downloadSnapshot(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The snapshot, decompressed, and a function that keeps it for next time. A return
 * visit reads it from Cache Storage and skips the download and the decompression.
 * It is kept only once it has restored Python (so a corrupt download is never
 * reused); the URL holds the content hash, so a new build never meets an old entry,
 * and old entries are deleted. Without Cache Storage it is simply downloaded.
 */
async function fetchSnapshot(url) {
  let cache = null;
  try {
    cache = await caches.open(SNAPSHOT_CACHE);
    const hit = await cache.match(url);
    const kept = () => self.postMessage({ type: "snapshot-kept" }); // already is
    if (hit) return { bytes: new Uint8Array(await hit.arrayBuffer()), keep: kept };
  } catch {
    cache = null;
  }
  const bytes = await downloadSnapshot(url);
  const keep = async () => {
    if (!cache) return;
    for (const request of await cache.keys()) if (request.url !== url) await cache.delete(request);
    await cache.put(url, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
    self.postMessage({ type: "snapshot-kept" });
  };
  return { bytes, keep: () => keep().catch(() => {}) };
}

/** Python restored from the snapshot, or null (with the reason logged) to start normally. */
async function fromSnapshot(loadPyodide, version, indexURL, snapshot, download) {
  if (!snapshot) return null;
  if (snapshot.pyodide !== version) {
    console.info(`Python snapshot was made for Pyodide ${snapshot.pyodide}, this is ${version}: starting normally.`);
    return null;
  }
  try {
    return await new Promise((resolve, reject) => {
      phaseFailed = reject;
      const timer = setTimeout(() => reject(new Error("snapshot took too long")), SNAPSHOT_TIMEOUT_MS);
      progress("starting", "snapshot");
      // loadPyodide takes the snapshot as a promise: it fetches and runs its own
      // JavaScript while the snapshot is still arriving.
      loadPyodide({ indexURL, _loadSnapshot: download.then(({ bytes }) => bytes), ...QUIET })
        .then(async (pyodide) => {
          pyodide.pyimport("widgets.runtime"); // the snapshot must hold our models
          afterFirstResult((await download).keep);
          resolve(pyodide);
        })
        .catch(reject)
        .finally(() => clearTimeout(timer));
    });
  } catch (error) {
    console.warn(`Python snapshot unusable (${error?.message || error}): starting normally.`);
    return null;
  } finally {
    phaseFailed = null;
  }
}

async function coldStart(loadPyodide, indexURL, wheelURL) {
  progress("starting");
  const pyodide = await loadPyodide({ indexURL, ...QUIET });
  progress("models");
  const errors = [];
  const loaded = await pyodide.loadPackage(wheelURL, {
    messageCallback: () => {},
    errorCallback: (message) => errors.push(message),
  });
  // loadPackage resolves even when a download fails: check what it really loaded.
  if (!loaded.some((pkg) => pkg.name.replace(/-/g, "_") === "scaling_book_widgets")) {
    throw new Error(`the widget models did not load (${errors.join("; ") || "no package"})`);
  }
  return pyodide;
}

/**
 * Fail fast when Python's binary is clearly missing: with it unreachable, a
 * snapshot restore neither finishes nor fails (it only logs). A HEAD request is
 * cheap; answers other than "missing" (say 405 for HEAD) let start-up go on.
 *
 * (Compiling the binary here, in parallel with the snapshot download, was tried and
 * measured: on a 2-core machine it competes with Pyodide's own start-up and made
 * the first result about 60 ms later, not sooner.)
 */
async function checkReachable(url) {
  let response;
  try {
    response = await fetch(url, { method: "HEAD" });
  } catch (error) {
    throw new Error(`${url.split("/").pop()} could not be fetched (${error.message})`);
  }
  if (response.status === 404 || response.status === 410 || response.status >= 500) {
    throw new Error(`${url.split("/").pop()}: HTTP ${response.status}`);
  }
}

async function init({ indexURL, wheelURL, snapshot }) {
  progress("downloading");
  // Download the snapshot while Pyodide's own files load; a failure is handled below.
  const reachable = checkReachable(new URL("pyodide.asm.wasm", indexURL).href);
  reachable.catch(() => {});
  const download = snapshot ? fetchSnapshot(snapshot.url) : null;
  download?.catch(() => {});
  const { loadPyodide, version } = await import(new URL("pyodide.mjs", indexURL).href);
  await reachable;
  let pyodide = await fromSnapshot(loadPyodide, version, indexURL, snapshot, download);
  const how = pyodide ? "snapshot" : "normal start";
  pyodide ??= await coldStart(loadPyodide, indexURL, wheelURL);
  handle = pyodide.pyimport("widgets.runtime").handle;
  progress("ready", how);
  setTimeout(runDeferred, DEFER_AT_MOST_MS);
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      await init(message);
    } catch (error) {
      fatal(error);
    }
    return;
  }
  if (message.type === "request") {
    try {
      const started = performance.now();
      const reply = JSON.parse(handle(message.request));
      const ms = performance.now() - started; // Python's share of the round trip
      self.postMessage({ type: "result", id: message.id, ok: true, reply, ms });
      runDeferred();
    } catch (error) {
      self.postMessage({ type: "result", id: message.id, ok: false, error: String(error?.message || error) });
    }
  }
};
