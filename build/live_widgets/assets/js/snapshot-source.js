// Where Python's worker gets its snapshot, and how the packed bytes (the snapshot's
// non-zero runs, one after another) become the whole snapshot Pyodide restores.
// No static imports: this file is small and needed early.

const HELPER_URL = new URL("./snapshot-worker.js", import.meta.url);

/** Why the manifest's snapshot entry cannot be unpacked, or "" if it can. */
export function layoutProblem({ size, packed, runs }) {
  if (!Number.isSafeInteger(size) || !Number.isSafeInteger(packed) || !Array.isArray(runs)) {
    return "the manifest does not say how to unpack it";
  }
  let end = 0;
  let total = 0;
  for (const run of runs) {
    const [offset, length] = Array.isArray(run) ? run : [];
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < end || length <= 0) {
      return "its runs are not in order";
    }
    end = offset + length;
    total += length;
  }
  if (end > size) return "its runs reach past its size";
  if (runs.length === 0 || runs[0][0] !== 0) return "its first run does not hold its header";
  if (total !== packed) return "its runs do not add up to its packed size";
  return "";
}

// Pyodide restores a snapshot by copying all of it (31 MB, zeros included) from the
// array it was given into its memory. The array it is given here holds only the
// snapshot's header, though it reports the whole snapshot's length (Pyodide sizes its
// memory by it); when Pyodide asks for the memory part, the packed runs are written
// straight into Pyodide's memory and it is handed nothing left to copy: no 31 MB
// buffer to allocate, and each byte copied once.
// The header is the first bytes of the first run; this much of it is kept (Pyodide's
// header is 48 bytes and a short JSON text: the memory image starts where it says).
const HEADER_AT_MOST = 1 << 16;

/**
 * Write the memory part of a packed snapshot (everything past its `headerEnd` first
 * bytes) into `heap`, zeroing what the runs leave out, as copying the whole unpacked
 * snapshot would. `runs` are [offset, length] pairs into the whole snapshot, in order.
 */
export function writeImage(packed, runs, size, headerEnd, heap) {
  if (size - headerEnd > heap.length) throw new Error("Python's memory is smaller than the snapshot");
  let at = 0; // where the next run starts in `packed`
  let written = 0; // heap bytes before this are in place
  for (const [offset, length] of runs) {
    const skip = Math.max(0, Math.min(headerEnd - offset, length)); // the header's own bytes
    const to = offset + skip - headerEnd;
    if (skip < length) {
      heap.fill(0, written, to);
      heap.set(packed.subarray(at + skip, at + length), to);
      written = to + length - skip;
    }
    at += length;
  }
  heap.fill(0, written, size - headerEnd);
}

/**
 * The array Pyodide is handed as its snapshot (see above). `memory()` is the memory of
 * the Pyodide instance being restored, asked for only when the image is written; once
 * the restore is given up (`refused()`), it is never written.
 */
export function snapshotImage({ size, runs }, memory, refused) {
  let packed = null;
  const capacity = Math.min(runs[0][1], HEADER_AT_MOST) & ~3; // Pyodide reads it as 32-bit words
  class SnapshotImage extends Uint8Array {
    static get [Symbol.species]() {
      return Uint8Array;
    }
    get length() {
      return size;
    }
    // restoreSnapshot reads the header through subarray(start, end), then copies
    // subarray(headerEnd) into its memory: that copy is done here instead.
    subarray(start, end) {
      if (end !== undefined) return super.subarray(start, end);
      if (refused()) throw new Error("the snapshot restore was given up");
      if (!packed) throw new Error("the snapshot's bytes did not arrive");
      writeImage(packed, runs, size, start, new Uint8Array(memory().buffer));
      packed = null; // kept by the helper for Cache Storage, not here
      return new Uint8Array(0);
    }
  }
  const image = new SnapshotImage(capacity);
  /** The packed bytes have arrived: take the header from them. */
  image.arrived = (bytes) => {
    image.set(bytes.subarray(0, capacity));
    packed = bytes;
  };
  return image;
}

/**
 * The helper worker that fetches and inflates the snapshot: it reads which one from
 * its name and starts at once, needing no message from this thread (which is busy
 * compiling Pyodide, and would pass one on late). Null where a worker cannot start a
 * worker of its own.
 */
function startHelper(wanted) {
  try {
    return new Worker(HELPER_URL, { type: "module", name: JSON.stringify({ snapshot: wanted }) });
  } catch {
    return null;
  }
}

/**
 * The packed bytes (a promise) and keep(), which stores them for the next visit once
 * they have restored Python. A helper worker fetches and inflates them, so this
 * thread meanwhile loads and compiles Pyodide; without a helper, this thread does the
 * work. `kept` is called once they are stored; discard() lets the helper go when the
 * snapshot will not be used.
 */
export function snapshotSource({ url, packed: size, sha256 }, kept, counted = () => {}) {
  const helper = startHelper({ url, size, sha256 });
  if (!helper) {
    const code = import("./snapshot.js");
    const loaded = code.then(({ loadPacked }) => loadPacked(url, size, sha256, counted));
    const keep = async () => {
      const { bytes, from } = await loaded;
      if (from !== "cache") await (await code).keepPacked(url, bytes, sha256);
      kept();
    };
    return { bytes: loaded.then(({ bytes }) => bytes), keep: () => keep().catch(() => {}), discard() {} };
  }
  const loaded = new Promise((resolve, reject) => {
    helper.onmessage = ({ data }) => {
      if (data.type === "bytes") {
        counted(data.count);
      } else if (data.type === "loaded") {
        if (data.ok) resolve(data);
        else reject(new Error(data.error));
      } else if (data.type === "kept") {
        helper.terminate();
        if (data.ok) kept();
      }
    };
    helper.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || "the snapshot helper did not start"));
    };
  });
  loaded.catch(() => helper.terminate());
  const keep = async () => {
    const { bytes, from } = await loaded;
    if (from === "cache") {
      helper.terminate();
      kept();
      return;
    }
    // Pyodide has copied the snapshot into its own memory: hand the bytes back to be stored.
    helper.postMessage({ type: "keep", url, bytes, sha256 }, [bytes.buffer]);
  };
  return {
    bytes: loaded.then(({ bytes }) => bytes),
    keep: () => keep().catch(() => {}),
    discard: () => helper.terminate(), // the snapshot will not be used after all
  };
}
