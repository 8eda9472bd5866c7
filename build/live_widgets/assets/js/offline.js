// Offline reading: registers the site's service worker (live-widgets-sw.js at the site
// root, written by the build: see build/live_widgets/offline.py and sw.js) once the page
// has loaded and Python has started, so it never competes with the first paint or the
// first start. Once Python is live, it asks the worker to keep Python's files too,
// unless the reader saves data. A build with `offline: false` (and `mkdocs serve`)
// removes an earlier build's worker and its caches instead (the worker still answers
// the page it controlled, and may keep a little for it; the next page deletes that).
//
// Silent wherever a service worker is unavailable (file://, an insecure context, a
// sandboxed frame's opaque origin): nothing is thrown or logged.
//
// Tests read window.__liveWidgetsOffline: {state, status}, where state is "waiting",
// "unavailable", "off" or "registered", and status the worker's last report
// ({version, shell, runtime: files not yet kept, ...}; see sw.js).

import { savingData } from "./saving-data.js";

const MANIFEST_URL = new URL("./runtime.json", import.meta.url);
const STARTING = new Set(["downloading", "starting", "models"]);
const WORKER_NAME = "live-widgets-sw.js";

function idle() {
  return new Promise((resolve) => {
    if (window.requestIdleCallback) window.requestIdleCallback(() => resolve(), { timeout: 5000 });
    else setTimeout(resolve, 1000);
  });
}

/** The service worker container, or null where there can be none. */
function container() {
  try {
    if (!window.isSecureContext || self.origin === "null") return null;
    return navigator.serviceWorker ?? null; // reading it throws in an opaque origin
  } catch {
    return null;
  }
}

/** Unregister an earlier build's worker and drop its caches (offline reading is off):
 * those whose names start with `prefix`, the manifest's offlineCachePrefix. */
async function forget(workers, prefix) {
  for (const registration of await workers.getRegistrations()) {
    const script = (registration.active || registration.waiting || registration.installing)?.scriptURL ?? "";
    if (script.endsWith(`/${WORKER_NAME}`)) await registration.unregister();
  }
  if (!prefix) return;
  for (const name of await caches.keys()) if (name.startsWith(prefix)) await caches.delete(name);
}

/** The worker to ask: a new build's worker waiting to take over, else the active one.
 * A message to the old worker while a new one waits makes Chromium keep the old one
 * about 30 s longer (measured), and the new one's answer is the one that will hold. */
async function newest(workers) {
  const registration = await workers.ready;
  return registration.waiting ?? registration.active;
}

export async function keepOffline(runtime) {
  const state = { state: "waiting", status: null };
  window.__liveWidgetsOffline = state;
  try {
    const workers = container();
    if (!workers) {
      state.state = "unavailable";
      return;
    }
    // Python first: a start in progress is left to finish (or fail) undisturbed.
    await runtime.when((stage) => !STARTING.has(stage));
    await idle();
    const response = await fetch(MANIFEST_URL);
    const manifest = response.ok ? await response.json() : {};
    if (!manifest.offline) {
      await forget(workers, manifest.offlineCachePrefix);
      state.state = "off";
      return;
    }
    workers.addEventListener("message", (event) => {
      if (event.data?.type === "live-widgets-offline") state.status = event.data;
    });
    const script = new URL(manifest.offline, MANIFEST_URL);
    const registration = await workers.register(script, {
      scope: new URL("./", script).href,
      updateViaCache: "none",
    });
    if (!registration) {
      state.state = "unavailable"; // registration blocked (as in the browser tests by default)
      return;
    }
    state.state = "registered";
    (await newest(workers))?.postMessage({ type: "status" });
    if (savingData()) return;
    // Once a widget is live, Python's own files (about 20 MB) are kept too, in the background.
    await runtime.when((stage) => stage === "ready");
    (await newest(workers))?.postMessage({ type: "keep-runtime" });
  } catch {
    if (state.state === "waiting") state.state = "unavailable";
  }
}
