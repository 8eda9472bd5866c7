// The service worker that keeps the site for return visits and offline reading.
// This file is a template: the build writes it at the site root as
// live-widgets-sw.js with OFFLINE filled in (build/live_widgets/offline.py): this
// build's version (a hash of every listed file) and the list, each file with the
// sha256 of its bytes, its group and whether its URL is versioned.
//
// - Install: every "shell" file (pages, styles, scripts, images, search index) goes
//   into this version's cache; files whose bytes have not changed are copied from the
//   previous version's cache instead of downloaded. When the reader saves data
//   (saving-data.js: Save-Data, or a 2G-class link), nothing is
//   downloaded in bulk: files are kept as the reader fetches them.
// - Activate: this worker takes over at once and deletes every older version's cache.
//   It never touches "live-widgets-snapshot" (the Python snapshot, with its own checks).
//   A replaced worker goes on answering its pages until the new one claims them; it
//   then reads from any kept cache and keeps nothing, so it never recreates its own
//   (ownCache, which also covers a deletion that lands in the middle of its open).
// - Fetch: pages and unversioned files, network first with a short time-out, then the
//   cache; versioned files (hashed folders and names, vendored Pyodide and Mermaid),
//   cache first. Only bytes that match the build's sha256 are kept as versioned files.
// - Messages: {type: "status"} is answered, and {type: "keep-runtime"} fetches the
//   "runtime" group (Python, about 20 MB) in the background, unless the reader saves data.
//   Both answer with {type: "live-widgets-offline", version, shell, runtime, ...}
//   (how many files of each group are not yet kept), sent to every open page.
/* eslint-env serviceworker */

const OFFLINE = /*__LIVE_WIDGETS_OFFLINE__*/ null;

const VERSION = OFFLINE?.version ?? "template";
const PREFIX = OFFLINE?.cachePrefix ?? "live-widgets-template-";
const CACHE = PREFIX + VERSION;
const HASH_HEADER = "X-Live-Widgets-SHA256";
// A page slower than this comes from the cache (the network's answer still updates it).
const PAGE_TIMEOUT_MS = 3_000;
const PARALLEL = 4;

const scope = new URL(self.registration?.scope ?? "./", self.location.href);
const entries = (OFFLINE?.entries ?? []).map((entry) => ({ ...entry, key: new URL(entry.url, scope).href }));
const byKey = new Map(entries.map((entry) => [entry.key, entry]));

// Whether the reader saves data: saving-data.js's expression, copied in by the build.
const saveData = () => /*__LIVE_WIDGETS_SAVING_DATA__*/ false;
let keeping = null; // the background fetch of the runtime group, while it runs

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `response`'s bytes as a response to keep, if they are the build's; else null. */
async function verified(response, entry) {
  if (!response.ok || response.type !== "basic") return null;
  const bytes = await response.arrayBuffer();
  if ((await sha256Hex(bytes)) !== entry.sha256) return null; // another deployment's file
  const headers = new Headers(response.headers);
  headers.set(HASH_HEADER, entry.sha256);
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers });
}

/** This version's cache, or null once a newer build's worker has replaced this one (this
 * cache deleted, another version's kept): `caches.open` would bring it back, empty, for
 * ever. With no version's cache at all (the reader cleared them), it is made anew.
 * The new worker may delete this cache between the look and the open (a busy machine
 * widens that gap): it had made this worker redundant first, so a redundant worker
 * deletes what its open brought back. */
async function ownCache() {
  const names = await caches.keys();
  if (!names.includes(CACHE) && names.some((name) => name.startsWith(PREFIX))) return null;
  const cache = await caches.open(CACHE);
  if (self.serviceWorker?.state !== "redundant") return cache;
  await caches.delete(CACHE);
  return null;
}

async function oldCaches() {
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  return Promise.all(names.map((name) => caches.open(name)));
}

/** Keep `entry` in `cache`: already there, copied from an older version, or (if `download`) fetched. */
async function keep(cache, entry, olds, download) {
  const have = await cache.match(entry.key);
  if (have?.headers.get(HASH_HEADER) === entry.sha256) return true;
  for (const old of olds) {
    const copy = await old.match(entry.key);
    if (copy?.headers.get(HASH_HEADER) === entry.sha256) {
      await cache.put(entry.key, copy);
      return true;
    }
  }
  if (!download) return false;
  // no-cache: revalidated with the server, so an unchanged file costs a 304, not its bytes.
  const response = await fetch(entry.key, { cache: "no-cache" });
  const good = await verified(response, entry);
  if (!good) throw new Error(`${entry.url} is not the file this build listed`);
  await cache.put(entry.key, good);
  return true;
}

async function keepAll(cache, list, download) {
  const olds = await oldCaches();
  const queue = [...list];
  const work = async () => {
    while (queue.length) await keep(cache, queue.shift(), olds, download);
  };
  await Promise.all(Array.from({ length: PARALLEL }, work));
}

async function status() {
  const cache = await ownCache();
  const kept = new Set(cache ? (await cache.keys()).map((request) => request.url) : []);
  const missing = (group) => entries.filter((e) => e.group === group && !kept.has(e.key)).length;
  return {
    type: "live-widgets-offline",
    version: VERSION,
    shell: missing("shell"),
    runtime: missing("runtime"),
    keeping: Boolean(keeping),
    saveData: saveData(),
  };
}

async function tellPages() {
  const message = await status();
  for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: "window" })) {
    client.postMessage(message);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const shell = entries.filter((entry) => entry.group === "shell");
      // A file that differs from the list means the host already serves another build:
      // this install fails, and that build's own worker will come.
      await keepAll(cache, shell, !saveData());
      // Older versions' other files that did not change are copied, never downloaded here.
      await keepAll(
        cache,
        entries.filter((entry) => entry.group !== "shell"),
        false,
      );
      await self.skipWaiting();
    })(),
  );
});

async function deleteOlder() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await deleteOlder();
      await self.clients.claim();
      await deleteOlder(); // in case the old worker was between its check and its open
      await tellPages();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data?.type;
  if (type === "keep-runtime" && !keeping && !saveData()) {
    keeping = ownCache()
      .then(
        (cache) =>
          cache &&
          keepAll(
            cache,
            entries.filter((entry) => entry.group === "runtime"),
            true,
          ),
      )
      .catch(() => {}) // whatever was not kept is kept when fetched
      .finally(() => {
        keeping = null;
      });
    event.waitUntil(keeping.then(tellPages));
  }
  if (type === "status" || type === "keep-runtime") {
    event.waitUntil(status().then((message) => event.source?.postMessage(message)));
  }
});

/** The listed file a request is for (a page ignores its query string), or undefined. */
function entryFor(url) {
  const clean = new URL(url);
  clean.hash = "";
  const exact = byKey.get(clean.href);
  if (exact) return exact;
  clean.search = "";
  const page = byKey.get(clean.href);
  return page && !page.cacheFirst ? page : undefined;
}

/** A HEAD request's answer from a kept GET response. */
function forMethod(request, response) {
  if (request.method !== "HEAD") return response;
  return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
}

// Each strategy answers with {response, stored}: `stored` settles once what is worth
// keeping is in the cache (the event waits for it, so the worker is not stopped first).

async function cacheFirst(request, entry) {
  const cache = await ownCache();
  const hit = await (cache ?? caches).match(entry.key);
  if (hit) return { response: forMethod(request, hit), stored: null };
  const response = await fetch(request);
  let stored = null;
  if (cache && request.method === "GET" && response.ok) {
    stored = verified(response.clone(), entry).then((good) => good && cache.put(entry.key, good));
  }
  return { response, stored };
}

async function networkFirst(request, entry) {
  const cache = await ownCache();
  // Revalidated, not taken from the HTTP cache: a new deployment shows at once.
  const network = fetch(new Request(request, { cache: "no-cache" }));
  // Fresh bytes for next time; not marked as the build's (they may be newer).
  const stored = network.then((response) => {
    if (cache && request.method === "GET" && response.ok && response.type === "basic") {
      return cache.put(entry.key, response.clone());
    }
    return null;
  });
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, PAGE_TIMEOUT_MS, null);
  });
  try {
    const response = await Promise.race([network, late]);
    if (response && response.status < 500) return { response, stored };
  } catch {
    // offline, or the host is down: the kept copy below
  } finally {
    clearTimeout(timer);
  }
  const hit = await (cache ?? caches).match(entry.key);
  return { response: hit ? forMethod(request, hit) : await network, stored };
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" && request.method !== "HEAD") return;
  if (request.headers.has("range")) return;
  const entry = entryFor(request.url);
  if (!entry) return; // not this site's, or not listed (the snapshot): the browser's own handling
  const work = entry.cacheFirst ? cacheFirst(request, entry) : networkFirst(request, entry);
  event.respondWith(work.then(({ response }) => response));
  event.waitUntil(work.then(({ stored }) => stored).catch(() => {}));
});
