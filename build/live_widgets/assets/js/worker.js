// The module Web Worker that hosts Pyodide and the book's widget models. It starts
// Python as soon as it runs, reading what to load from runtime.json beside it.
// Messages in:  {type: "request", id, request} (once it has said "ready"),
//               {type: "stop", id} (newer values came: stop request `id`, and any
//               before it, at its next part if it is computed in parts),
//               {type: "ping"} (the page checking that this worker is alive)
// Messages out: {type: "progress", stage, detail}, {type: "fatal", error},
//               {type: "result", id, ok, reply | error | stopped, ms (time spent in Python)},
//               {type: "snapshot-kept"} (the snapshot is in Cache Storage for next time),
//               {type: "pong"}, and {type: "alive", got, expected} each second while
//               starting (bytes of Python's files downloaded so far, and in all)
//
// Start-up prefers the build's memory snapshot (Python already started, models
// imported and warmed): it is used only when it was made for this Pyodide version,
// and any failure with it (missing, corrupt, too slow) falls back to a normal start.
// The worker has no static imports, so it runs the moment its own file arrives.

const MANIFEST_URL = new URL("./runtime.json", import.meta.url);
// A snapshot restore that has received no byte of anything for this long is given up
// (a slow link is not a reason: the clock restarts with every byte that arrives).
const SNAPSHOT_TIMEOUT_MS = 30_000;
const QUIET = { stdout: () => {}, stderr: () => {} };
// A download that receives nothing for this long has stalled: say so, rather than wait.
const STALL_MS = 8_000;
// A module import shows no progress until it is done: it gets a little longer.
const IMPORT_STALL_MS = 10_000;

// The snapshot (about 7 MB) saves Python's start-up work: 2.8 s on the bench's 2-core
// machine (a cold normal start took 3.42 s, a restore 0.65 s: README, "Start-up, before
// and after"); slower devices save more. It shares the link with Pyodide's own files,
// so it is given up when its remaining bytes would take longer than this to arrive at
// the rate the link is delivering (a little under the saving: bytes cost readers too);
// a normal start then needs only the small wheel.
const SNAPSHOT_SAVES_MS = 2_500;
// The snapshot's pace is judged on at least this much of its own delivery (unless it
// arrives sooner, as it does from Cache Storage or on a fast link).
const MEASURE_MS = 1_000;
// A link that will clearly bring the snapshot in time is trusted after this much.
const QUICK_MS = 50;
// A restore given up on (a slow link, no progress) stops waiting for its bytes, so it
// fails and its memory (a Pyodide instance) can be freed; the normal start waits this
// long at most for that to happen.
const GIVE_UP_MS = 3_000;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let replies = null; // Python's `replies(request_json)` generator (core/runtime.py)
let phaseFailed = null; // set while a start-up phase can still fall back

// Emscripten reports some start-up failures (a file that cannot be fetched, a
// corrupt snapshot) as uncaught errors rather than rejecting loadPyodide.
let fatalSent = false;
function fatal(error) {
  if (fatalSent) return; // the first failure is the one to report
  fatalSent = true;
  self.postMessage({ type: "fatal", error: String(error?.message || error || "unknown error") });
}
function uncaught(error) {
  if (phaseFailed) phaseFailed(error);
  else fatal(error);
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!replies) uncaught(event.reason);
});
self.addEventListener("error", (event) => {
  if (replies) return; // a crash after start-up reaches the page's worker.onerror
  event.preventDefault();
  uncaught(event.error || event.message);
});

// ---- watching downloads ------------------------------------------------------------
// Pyodide fetches its binary, its standard library and the wheel with fetch(); a
// failure mid-download is only logged by Emscripten, and a stalled one never ends.
// So every fetch this worker makes is watched: a network failure or STALL_MS without
// a byte is reported at once as a fatal error naming the file, and the page offers
// Retry. `optional` files (the snapshot) fail their own request instead: Python then
// starts without them.

const loads = new Map(); // id -> {name, last (time of the last progress), limit, fail}
let loadIds = 0;
const withoutQuery = (url) => String(url).split(/[?#]/)[0];
const fileName = (url) => withoutQuery(url).split("/").pop() || String(url);
const optional = (url) => /widgets-snapshot\.bin$/.test(withoutQuery(url));

// ---- counting bytes, for the reader's progress ---------------------------------------
// The files a start downloads are known from the manifest (their sizes are in it), so
// the total is known from the first second; each is counted as its bytes arrive (a
// module import, which shows no progress, when it has loaded).
const files = new Map(); // name -> {size, got}
let lastArrival = performance.now(); // when a byte of any file last arrived

function tally() {
  lastArrival = performance.now();
}
function expectFile(name, size) {
  if (!files.has(name) && Number.isFinite(size) && size > 0) files.set(name, { size, got: 0 });
}
function arrived(name, count) {
  const file = files.get(name);
  if (file) {
    file.first ??= performance.now();
    file.got = Math.min(file.size, file.got + count);
  }
  tally();
}
function fileDone(name) {
  const file = files.get(name);
  tally();
  if (file) file.got = file.size;
}
/**
 * How long `name`'s missing bytes take at the pace its own bytes have been arriving
 * (null while none has). Its own pace, not all files': files from the HTTP cache
 * arrive at once and would make a slow link look fast.
 */
function msToFinish(name) {
  const file = files.get(name);
  if (!file || file.got >= file.size) return 0;
  const elapsed = file.first === undefined ? 0 : performance.now() - file.first;
  if (elapsed <= 0 || file.got <= 0) return null;
  return (file.size - file.got) / (file.got / elapsed);
}
/** A file this start no longer needs (a snapshot given up): only what arrived counts. */
function fileDropped(name) {
  const file = files.get(name);
  if (file) file.size = file.got;
}
function byteCounts() {
  let got = 0;
  let expected = 0;
  for (const file of files.values()) {
    got += file.got;
    expected += file.size;
  }
  return { got, expected };
}

function watchLoad(name, limit, fail, { blind = false } = {}) {
  const id = ++loadIds;
  loads.set(id, { name, last: performance.now(), limit, fail, blind });
  return id;
}

const realFetch = self.fetch.bind(self);
const urlOf = (input) => (typeof input === "string" ? input : input instanceof URL ? input.href : input.url);

self.fetch = (input, init) => {
  const url = withoutQuery(urlOf(input));
  if (binary?.url === url) return Promise.resolve(binaryAnswered());
  const kept = keptDownloads.get(url);
  if (kept) return kept.then(({ bytes, init: answered }) => new Response(bytes, answered));
  return watchedFetch(input, init);
};

// Every loadPyodide fetches the standard library. The worker asks for it as soon as
// the manifest says where it is (see init), and a start that calls loadPyodide twice
// (a restore given up on, then a normal start) gets those same bytes each time.
const keptDownloads = new Map(); // url -> a promise of {bytes, init} for a new Response
function keepDownload(url) {
  const answer = watchedFetch(url).then(async (response) => ({
    bytes: await response.arrayBuffer(),
    init: { status: response.status, statusText: response.statusText, headers: response.headers },
  }));
  answer.catch(() => {}); // a failure is reported by the watch, and to each asker
  keptDownloads.set(withoutQuery(url), answer);
}

// What the reader is told when a file cannot be had; binary-worker.js reports its
// failures as {step, why} so that its words are these too.
const notDownloaded = (name, why) => new Error(`${name} could not be downloaded: ${why}`);
const notCompiled = (name, why) =>
  // A download cut short (by a proxy, say) arrives complete but damaged.
  new Error(`${name} could not be compiled (${why}); its download may have been cut short`);
const reasonOf = (error) => String(error?.message || error);

async function watchedFetch(input, init) {
  const url = urlOf(input);
  const name = fileName(url);
  let stalled = null; // the optional download's own failure, once it has stalled
  const failed = (why) => {
    if (optional(url)) stalled?.(new Error(`${name} ${why}`));
    else fatal(notDownloaded(name, why));
  };
  const id = watchLoad(name, STALL_MS, failed);
  const aborted = new Promise((_, reject) => {
    stalled = reject;
  });
  aborted.catch(() => {});
  let response;
  try {
    response = await Promise.race([realFetch(input, init), aborted]);
  } catch (error) {
    // Still watched: the request itself failed (a stall has been reported already).
    // A fetch with an integrity check is Pyodide's for a package: it reports a failed
    // one itself (worker.js then says which models did not load).
    if (loads.delete(id) && !init?.integrity) failed(`the network request failed (${error?.message || error})`);
    throw error;
  }
  if (!response.body || response.type === "opaque" || init?.method === "HEAD") {
    loads.delete(id);
    return response;
  }
  // Read as fast as the network gives (not as fast as Pyodide asks: it may not read
  // its binary until its JavaScript has loaded), so a stall is the network's alone.
  const reader = response.body.getReader();
  const body = new ReadableStream({
    start(controller) {
      (async () => {
        try {
          for (;;) {
            const { done, value } = await Promise.race([reader.read(), aborted]);
            const load = loads.get(id);
            if (load) load.last = performance.now();
            if (value) arrived(name, value.length);
            if (done) {
              loads.delete(id);
              controller.close();
              return;
            }
            controller.enqueue(value);
          }
        } catch (error) {
          if (loads.delete(id)) failed(`the download broke off (${error?.message || error})`);
          reader.cancel().catch(() => {});
          controller.error(error);
        }
      })();
    },
    cancel(reason) {
      loads.delete(id);
      return reader.cancel(reason);
    },
  });
  const watched = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(watched, "url", { value: response.url });
  return watched;
}

/**
 * A module import, watched like a download (it cannot report bytes, so it gets
 * longer). An essential one that fails or stalls is fatal; an optional one (the
 * snapshot code) just fails, and Python starts without it.
 */
function watchImport(url, { essential = true } = {}) {
  const name = fileName(url);
  let stalled;
  const aborted = new Promise((_, reject) => {
    stalled = reject;
  });
  // It shares the link with the other downloads: on a slow one it may take a minute
  // while they progress, so it has stalled only when no byte of anything arrives.
  const id = watchLoad(
    name,
    IMPORT_STALL_MS,
    (why) => {
      if (essential) fatal(new Error(`${name} could not be loaded: ${why}`));
      else stalled(new Error(`${name} ${why}`));
    },
    { blind: true },
  );
  const loading = import(url);
  loading.then(
    () => {
      loads.delete(id);
      fileDone(name);
    },
    (error) => {
      if (loads.delete(id) && essential) fatal(new Error(`${name} could not be loaded (${error?.message || error})`));
    },
  );
  return Promise.race([loading, aborted]);
}

// ---- Python's binary, fetched and compiled once per start --------------------------
// Pyodide fetches and compiles pyodide.asm.wasm inside loadPyodide, which this worker
// may call twice (a snapshot restore given up on, then a normal start). So the worker
// fetches and compiles the binary itself, once, as soon as the manifest says where it
// is: the download no longer waits for Pyodide's JavaScript or for the snapshot's
// verdict, and each loadPyodide instantiates the same compiled module. Pyodide's own
// request for the binary is answered here, without the network.
let binary = null; // {url, module: a promise of the compiled WebAssembly.Module}

/**
 * Fetch and compile the binary once. `url` is where Pyodide would fetch it (its own
 * request is answered from this one). `packed` is the build's gzip copy (a third of
 * the bytes): a helper worker fetches, inflates and compiles it (binary-worker.js),
 * where the browser can inflate and the helper starts; otherwise this thread fetches
 * and compiles the original. Returns whether the copy is the one fetched.
 */
function compileBinary(url, packed) {
  const helped = packed && typeof DecompressionStream === "function" ? startBinaryHelper(packed, url) : null;
  const module = helped ?? compileHere(url);
  module.catch(fatal); // no start can go on without it (Emscripten would only log)
  binary = { url, module };
  return Boolean(helped);
}

function compileHere(url) {
  const name = fileName(url);
  // Not fetch(): Pyodide's own request for this URL is answered without the network.
  return watchedFetch(url).then(async (response) => {
    if (!response.ok) throw notDownloaded(name, `HTTP ${response.status}`);
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (error) {
      throw notCompiled(name, reasonOf(error));
    }
  });
}

/**
 * A promise of the helper's compiled module, watched like any download; null if no
 * helper can be made. Where the helper's script does not load, or the browser cannot
 * hand a module from one worker to another, the original is compiled here instead.
 */
function startBinaryHelper({ url, size }, original) {
  let helper;
  try {
    helper = new Worker(new URL("./binary-worker.js", import.meta.url), { type: "module", name: JSON.stringify({ url }) });
  } catch {
    return null;
  }
  const name = fileName(url);
  const module = new Promise((resolve, reject) => {
    const failed = (why) => {
      helper.terminate();
      reject(notDownloaded(name, why));
    };
    const id = watchLoad(name, STALL_MS, failed);
    const done = () => {
      loads.delete(id);
      helper.terminate();
    };
    helper.onmessage = ({ data }) => {
      if (data.type === "bytes") {
        const load = loads.get(id);
        if (load) load.last = performance.now();
        arrived(name, data.count);
      } else if (data.type === "compiled") {
        done();
        fileDone(name);
        resolve(data.module);
      } else if (data.type === "failed") {
        done();
        if (data.handover) resolve(instead());
        else reject((data.step === "compile" ? notCompiled : notDownloaded)(name, data.why));
      }
    };
    helper.onerror = (event) => {
      // Its script did not load (a policy that allows no nested worker, say).
      event.preventDefault();
      done();
      resolve(instead());
    };
    /** The original, fetched and compiled on this thread. */
    const instead = () => {
      fileDropped(name);
      expectFile(fileName(original), size);
      return compileHere(original);
    };
  });
  return module;
}

/** What Pyodide's own request for the binary gets: nothing to read, the right URL. */
function binaryAnswered() {
  const answered = new Response(null, { headers: { "content-type": "application/wasm" } });
  Object.defineProperty(answered, "url", { value: binary.url });
  return answered;
}

// Pyodide instantiates its binary with instantiateStreaming(its own fetch, imports):
// that fetch was answered with an empty response (above), and the module compiled
// once is instantiated instead.
// The memory of the instance made last is where a snapshot restore writes (it makes
// one at a time: a normal start begins only once the restore has ended or been given
// up, and a restore given up on writes nothing).
const realInstantiateStreaming = WebAssembly.instantiateStreaming?.bind(WebAssembly);
let lastMemory = null;
WebAssembly.instantiateStreaming = async (source, imports) => {
  const response = await source;
  if (binary?.url !== withoutQuery(response.url)) return realInstantiateStreaming(response, imports);
  const module = await binary.module;
  const instance = await WebAssembly.instantiate(module, imports);
  lastMemory = instance.exports.memory;
  return { module, instance };
};

// Each second while starting: check the downloads, and tell the page this worker is alive.
const watcher = setInterval(() => {
  const now = performance.now();
  for (const [id, load] of loads) {
    const last = load.blind ? Math.max(load.last, lastArrival) : load.last;
    if (now - last > load.limit) {
      loads.delete(id);
      load.fail(`nothing arrived for ${Math.round(load.limit / 1000)} s`);
    }
  }
  if (!replies) self.postMessage({ type: "alive", ...byteCounts() });
}, 1000);

// Work that must not delay the first result (storing the snapshot). It runs once the
// first request has been answered, or a few seconds after start-up if none comes.
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

/** What the build says to load: Pyodide, the models' wheel and the snapshot (URLs made absolute). */
async function readManifest() {
  const response = await fetch(MANIFEST_URL);
  if (!response.ok) throw new Error(`runtime manifest: HTTP ${response.status}`);
  const manifest = await response.json();
  const absolute = (url) => new URL(url, MANIFEST_URL).href;
  const indexURL = absolute(manifest.pyodide.indexURL);
  return {
    version: manifest.pyodide.version,
    indexURL,
    // What loadPyodide needs. The lock holds only Pyodide's `info` and the widget wheel
    // (with its sha256, which Pyodide checks), so Pyodide fetches no lock of its own.
    settings: manifest.pyodide.lock
      ? { indexURL, lockFileContents: manifest.pyodide.lock, packageBaseUrl: indexURL }
      : { indexURL },
    wheelName: manifest.wheel.name,
    wheelFile: fileName(manifest.wheel.url),
    wheelBytes: manifest.wheel.bytes,
    sizes: manifest.pyodide.sizes || {},
    binary: manifest.pyodide.binary && { ...manifest.pyodide.binary, url: absolute(manifest.pyodide.binary.url) },
    widgetPackage: manifest.package,
    snapshot: manifest.snapshot && { ...manifest.snapshot, url: absolute(manifest.snapshot.url) },
  };
}

/** Why this snapshot will not be used, or "" if it will be tried. */
function unusable(snapshot, vendored, layoutProblem) {
  if (!snapshot) return "the build made none";
  if (snapshot.pyodide !== vendored) {
    return `it was made for Pyodide ${snapshot.pyodide}, the site serves ${vendored}`;
  }
  return layoutProblem(snapshot);
}

/**
 * Why the snapshot is not worth waiting for on this link, or "" to use it: decided as
 * soon as it is clear. It is used at once when it has arrived (from Cache Storage, say)
 * or will clearly arrive in time; given up only on MEASURE_MS of the link's delivery.
 */
async function snapshotVerdict(source, name) {
  const arrived = source.bytes.then(
    () => true,
    () => true, // unusable: the restore fails at once and a normal start follows
  );
  for (;;) {
    const first = files.get(name)?.first;
    const measured = first === undefined ? 0 : performance.now() - first;
    if (measured >= MEASURE_MS) return tooSlowFor(name);
    const wait = msToFinish(name);
    if (measured >= QUICK_MS && wait !== null && wait <= SNAPSHOT_SAVES_MS / 4) return "";
    if (await Promise.race([arrived, delay(QUICK_MS)])) return "";
  }
}

/** A reason to give the snapshot up that is no fault: the link is too slow for it. */
const notWorthIt = (reason) => Object.assign(new Error(reason), { notWorthIt: true });

/** Whether every file this start expects, besides `except`, has arrived. */
function allBut(except) {
  return [...files].every(([name, file]) => name === except || file.got >= file.size);
}

/** Why the snapshot is not worth waiting for on this link, or "" while it is. */
function tooSlowFor(name) {
  const wait = msToFinish(name);
  if (wait === null || wait <= SNAPSHOT_SAVES_MS) return ""; // unmeasured: no reason to drop it
  return `the link needs about ${Math.round(wait / 1000)} s more for it, more than the ${SNAPSHOT_SAVES_MS / 1000} s it saves`;
}

/**
 * Python restored from the snapshot, or null (with the reason logged) to start
 * normally. The restore begins at once; `verdict` (snapshotVerdict) may still give
 * it up, while its bytes are on their way.
 */
async function fromSnapshot(loadPyodide, version, settings, snapshot, source, snapshotImage, pyodideJs, verdict) {
  if (snapshot.pyodide !== version) {
    console.info(`Python snapshot was made for Pyodide ${snapshot.pyodide}, this is ${version}: starting normally.`);
    return null;
  }
  // Refusing the bytes ends Pyodide's wait for them (fsInit below): without it, a
  // restore given up on would wait, holding its memory, until the page closed.
  let refuse;
  let givenUp = false;
  const refused = new Promise((_, reject) => {
    refuse = (error) => {
      givenUp = true;
      reject(error);
    };
  });
  refused.catch(() => {});
  try {
    return await new Promise((resolve, reject) => {
      let deadline = null;
      let instantiating = false; // past this point only Pyodide can end its restore
      const giveUp = (error) => {
        refuse(error); // the restore now fails, and rejects with this error
        if (!instantiating) reject(error); // it will, before touching the binary
        deadline ??= setTimeout(() => reject(error), GIVE_UP_MS); // in case it does not
      };
      phaseFailed = (error) => {
        refuse(error);
        reject(error); // Emscripten failed on its own: its promise may never settle
      };
      verdict.then((slow) => slow && giveUp(notWorthIt(slow)));
      const timer = setInterval(() => {
        const quiet = performance.now() - lastArrival;
        if (quiet > SNAPSHOT_TIMEOUT_MS) giveUp(new Error(`snapshot restore made no progress for ${Math.round(quiet / 1000)} s`));
        // Once Pyodide's own files are all here, the link's rate is known best.
        const slow = allBut(fileName(snapshot.url)) && tooSlowFor(fileName(snapshot.url));
        if (slow) giveUp(notWorthIt(slow));
      }, 1000);
      progress("starting", "snapshot");
      // Pyodide waits for its snapshot before it sets itself up. So it gets the
      // snapshot's image (snapshot-source.js: its header, to be filled in, and its
      // size) as soon as its own JavaScript is here and the snapshot is sure to be
      // used (the verdict says so, or the binary is compiled); given up before that,
      // the restore ends there, having made no instance. The header arrives in the
      // fsInit hook, Pyodide's last step before the restore, and the memory is written
      // in the restore itself: setting Pyodide up, compiling its binary and fetching
      // the snapshot overlap.
      const image = snapshotImage(snapshot, () => lastMemory, () => givenUp);
      const chosen = verdict.then((slow) => (slow ? new Promise(() => {}) : true)); // given up: never
      const sure = Promise.all([pyodideJs, Promise.race([chosen, binary.module])]);
      const ready = Promise.race([sure, refused]).then(() => {
        instantiating = true;
        return image;
      });
      ready.catch(() => {}); // refused: loadPyodide rejects, perhaps after this phase
      let why = null; // why the bytes never came; the restore then fails as well
      const fsInit = async () => {
        try {
          image.arrived(await Promise.race([source.bytes, refused]));
        } catch (error) {
          why = error;
        }
      };
      loadPyodide({ ...settings, _loadSnapshot: ready, fsInit, ...QUIET })
        .then((pyodide) => {
          if (why) throw why; // restored from no bytes: never to be used
          pyodide.pyimport("live_widgets.core.runtime"); // the snapshot must hold our models
          afterFirstResult(source.keep);
          resolve(pyodide);
        })
        .catch((error) => {
          const reason = why ?? error;
          reject(reason);
          // Its memory can go now (tests read that a restore given up on ends).
          console.info(`Python snapshot restore stopped (${reason?.message || reason}).`);
        })
        .finally(() => {
          clearInterval(timer);
          clearTimeout(deadline);
        });
    });
  } catch (error) {
    const message = error?.message || error;
    if (error?.notWorthIt) console.info(`Python snapshot not used (${message}): starting normally.`);
    else console.warn(`Python snapshot unusable (${message}): starting normally.`);
    return null;
  } finally {
    phaseFailed = null;
  }
}

async function coldStart(loadPyodide, settings, wheelName) {
  progress("starting");
  const pyodide = await loadPyodide({ ...settings, ...QUIET });
  progress("models");
  const errors = [];
  // By name: Pyodide finds the wheel in the lock and refuses it if its sha256 differs.
  const loaded = await pyodide.loadPackage(wheelName, {
    messageCallback: () => {},
    errorCallback: (message) => errors.push(message),
  });
  // loadPackage resolves even when a download fails: check what it really loaded.
  const wanted = wheelName.replace(/-/g, "_");
  if (!loaded.some((pkg) => pkg.name.replace(/-/g, "_") === wanted)) {
    throw new Error(`the widget models did not load (${errors.join("; ") || "no package"})`);
  }
  return pyodide;
}

async function init() {
  progress("downloading");
  // The manifest and the snapshot code arrive together. Without that code, Python
  // starts normally.
  const snapshotCode = watchImport(new URL("./snapshot-source.js", import.meta.url).href, { essential: false }).then(
    (code) => ({ code }),
    (error) => ({ failed: error }),
  );
  // A reader who saves data (saving-data.js decides) gets no snapshot: it is a speed-up
  // that costs 7 MB more.
  const savingDataCode = watchImport(new URL("./saving-data.js", import.meta.url).href, { essential: false }).catch(
    () => null,
  );
  const [manifest, snapshots, savingData] = await Promise.all([readManifest(), snapshotCode, savingDataCode]);
  const { version: vendored, indexURL, settings, wheelName, widgetPackage, snapshot, binary: packed } = manifest;
  // The build lists exactly the files a start fetches (besides the snapshot or the wheel).
  for (const [name, size] of Object.entries(manifest.sizes)) expectFile(name, size);
  // The snapshot downloads beside Pyodide's own files; a failure is handled below.
  // One made for another Pyodide is not even fetched (and is checked again below
  // against the Pyodide that really loaded).
  const why = snapshots.failed
    ? `its code did not load: ${snapshots.failed.message}`
    : savingData?.savingData() && snapshot
      ? "the reader saves data"
      : unusable(snapshot, vendored, snapshots.code.layoutProblem);
  if (why && snapshot) console.info(`Python snapshot not used (${why}): starting normally.`);
  const kept = () => self.postMessage({ type: "snapshot-kept" });
  const snapshotFile = snapshot && fileName(snapshot.url);
  const counted = (count) => arrived(snapshotFile, count);
  // Asked for first: the restore needs it whole, and inflated, before anything else.
  const source = why ? null : snapshots.code.snapshotSource(snapshot, kept, counted);
  if (source) {
    expectFile(snapshotFile, snapshot.bytes);
    source.bytes.then(() => fileDone(snapshotFile), () => {});
  } else {
    expectFile(manifest.wheelFile, manifest.wheelBytes);
  }
  // Whatever the snapshot's fate, Python needs its binary, its standard library and
  // its JavaScript: all of them start downloading now, not when loadPyodide asks.
  // (pyodide.mjs would import its big sibling only once it has itself loaded.)
  const original = new URL("pyodide.asm.wasm", indexURL).href;
  if (!compileBinary(original, packed) && packed) {
    // No helper (this browser cannot inflate, or start a worker's own worker): the
    // original is fetched instead of the gzip copy.
    files.delete(fileName(packed.url));
    expectFile(fileName(original), packed.size);
  }
  keepDownload(new URL("python_stdlib.zip", indexURL).href);
  const pyodideJs = watchImport(new URL("pyodide.asm.mjs", indexURL).href);
  pyodideJs.catch(() => {}); // reported by the watch
  const pyodideCode = watchImport(new URL("pyodide.mjs", indexURL).href);
  // Worth its download on this link? Judged while the restore gets under way: given
  // up, it costs no second download (the binary and the standard library are kept).
  const verdict = source ? snapshotVerdict(source, snapshotFile) : null;
  const { loadPyodide, version } = await pyodideCode;
  let pyodide = source
    ? await fromSnapshot(loadPyodide, version, settings, snapshot, source, snapshots.code.snapshotImage, pyodideJs, verdict)
    : null;
  if (!pyodide && source) {
    source.discard();
    fileDropped(snapshotFile); // a normal start instead: the wheel, not the snapshot
    expectFile(manifest.wheelFile, manifest.wheelBytes);
    // Not fetched later for the next visit either: on a link this slow, 7 MB of the
    // reader's data would buy a few seconds of start-up, and a faster link next time
    // brings it in time anyway.
  }
  const how = pyodide ? "snapshot" : "normal start";
  pyodide ??= await coldStart(loadPyodide, settings, wheelName);
  replies = pyodide.pyimport("live_widgets.core.runtime").make_handler_in_parts(widgetPackage);
  progress("ready", how);
  clearInterval(watcher);
  loads.clear(); // anything still loading (a snapshot not used) is no longer needed
  setTimeout(runDeferred, DEFER_AT_MOST_MS);
}

// A model computed in parts (a widget's `view_in_parts`) lets messages in between
// parts, at most this often. Each pause costs a turn of the worker's event loop (about
// 0.15 ms in Chromium on a slow 2-core machine), and a stop waits on average half this
// long: 4 ms keeps both to a few percent of a 50-100 ms computation.
const LISTEN_EVERY_MS = 4;
let stopUpTo = 0; // the page asked to stop every request up to this id
let computing = Promise.resolve(); // one request at a time, in the order they came

// One channel for every pause: a new MessageChannel per pause cost about twice as much.
const turns = new MessageChannel();
let turned = null;
turns.port1.onmessage = () => {
  const resume = turned;
  turned = null;
  resume?.();
};

/** One turn of the event loop: messages that came meanwhile (a "stop") run first. */
function nextTurn() {
  return new Promise((resolve) => {
    turned = resolve;
    turns.port2.postMessage(null);
  });
}

/**
 * Answer one request: Python's reply, or "stopped" if the page asked for that while a
 * model computed in parts was at it. `ms` is Python's share, without the pauses.
 */
async function answer({ id, request }) {
  const started = performance.now();
  let paused = 0;
  let listened = started;
  const parts = replies(request);
  try {
    for (;;) {
      const { value, done } = parts.next();
      if (typeof value === "string") {
        const ms = performance.now() - started - paused;
        return { type: "result", id, ok: true, reply: JSON.parse(value), ms };
      }
      if (done) throw new Error("Python ended a reply without an answer");
      if (performance.now() - listened < LISTEN_EVERY_MS) continue;
      const pause = performance.now();
      await nextTurn();
      listened = performance.now();
      paused += listened - pause;
      if (id <= stopUpTo) return { type: "result", id, ok: false, stopped: true };
    }
  } finally {
    parts.destroy();
  }
}

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "ping") {
    self.postMessage({ type: "pong" });
    return;
  }
  if (message.type === "stop") {
    stopUpTo = Math.max(stopUpTo, Number(message.id) || 0);
    return;
  }
  if (message.type !== "request") return;
  computing = computing.then(async () => {
    try {
      self.postMessage(await answer(message));
      runDeferred();
    } catch (error) {
      self.postMessage({ type: "result", id: message.id, ok: false, error: String(error?.message || error) });
    }
  });
};

// The worker starts Python as soon as it exists: the page has nothing to tell it.
init().catch(fatal);
