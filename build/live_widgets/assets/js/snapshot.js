// The packed Python snapshot's bytes (its non-zero runs, one after another; see
// build/live_widgets/snapshot_pack.py): from Cache Storage on a return visit, else
// downloaded and inflated as they arrive. Used by snapshot-worker.js, so the work
// runs beside Python's own start-up on another thread, and by snapshot-source.js
// directly where a worker cannot start a worker of its own.

export const SNAPSHOT_CACHE = "live-widgets-snapshot";

// A download that receives nothing for this long has stalled: Python then starts without it.
const STALL_MS = 8_000;

/**
 * The packed bytes (exactly `size` of them) and where they came from; throws if
 * unusable. `sha256` (hex, from the manifest) is the hash of the packed bytes: a copy
 * in Cache Storage that does not match it is deleted and downloaded again.
 */
export async function loadPacked(url, size, sha256, counted = () => {}) {
  const cached = await fromCache(url, size, sha256);
  if (cached) return { bytes: cached, from: "cache" };
  return { bytes: await download(url, size, counted), from: "network" };
}

export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function fromCache(url, size, sha256) {
  let cache;
  try {
    cache = await caches.open(SNAPSHOT_CACHE);
  } catch {
    return null; // no Cache Storage here (say, an opaque origin): download instead
  }
  try {
    const hit = await cache.match(url);
    if (!hit) return null;
    const bytes = new Uint8Array(await hit.arrayBuffer());
    // Only a copy of the right length and hash is used; anything else is removed, so
    // a damaged entry costs one slow start, not every later one.
    if (bytes.length === size && sha256 && (await sha256Hex(bytes)) === sha256) return bytes;
    console.warn("The kept Python snapshot is damaged: deleted, downloading it again.");
  } catch {
    // unreadable: removed below
  }
  await cache.delete(url).catch(() => {});
  return null;
}

/**
 * Download the packed snapshot and inflate it while it arrives, straight into one
 * buffer of the size the manifest states. It is stored gzip-compressed; a host that
 * sent it with Content-Encoding has already decoded it, which the first bytes tell.
 */
async function download(url, size, counted) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  const reader = stallGuard(response.body.getReader(), counted);
  const first = await reader.read();
  if (first.done) throw new Error("snapshot: empty response");
  const gzipped = first.value[0] === 0x1f && first.value[1] === 0x8b;
  let chunks = replay(first.value, reader);
  if (gzipped) chunks = chunks.pipeThrough(new DecompressionStream("gzip"));
  return collect(chunks, size);
}

/** `reader`, whose read() fails if nothing arrives for STALL_MS; `counted(n)` hears of each chunk. */
function stallGuard(reader, counted) {
  return {
    read() {
      let timer;
      const stalled = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`snapshot: nothing arrived for ${STALL_MS / 1000} s`)), STALL_MS);
      });
      return Promise.race([reader.read(), stalled])
        .then((chunk) => {
          if (chunk.value) counted(chunk.value.length);
          return chunk;
        })
        .finally(() => clearTimeout(timer));
    },
    cancel: (reason) => reader.cancel(reason),
  };
}

/** A stream of `head` followed by the rest of `reader`. */
function replay(head, reader) {
  let sentHead = false;
  return new ReadableStream({
    async pull(controller) {
      if (!sentHead) {
        sentHead = true;
        controller.enqueue(head);
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

async function collect(stream, size) {
  const bytes = new Uint8Array(size);
  let at = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > size) {
      await reader.cancel();
      throw new Error(`snapshot: larger than the ${size} bytes the manifest states`);
    }
    bytes.set(value, at);
    at += value.length;
  }
  if (at !== size) throw new Error(`snapshot: ${at} bytes, the manifest states ${size}`);
  return bytes;
}

/**
 * Keep the packed bytes for the next visit, once they have restored Python (so a
 * corrupt download is never reused). The URL holds a hash of the shipped bytes, so a
 * new build never meets an old entry (whose runs would differ); older entries go.
 */
export async function keepPacked(url, bytes, sha256) {
  // Stored only if these are the bytes the build made.
  if (!sha256 || (await sha256Hex(bytes)) !== sha256) return;
  const cache = await caches.open(SNAPSHOT_CACHE);
  if (await cache.match(url)) return;
  for (const request of await cache.keys()) if (request.url !== url) await cache.delete(request);
  await cache.put(url, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
}
