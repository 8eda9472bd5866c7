// Where Python's worker gets its snapshot, and how the packed bytes (the snapshot's
// non-zero runs, one after another) become the whole snapshot Pyodide restores.
import { keepPacked, loadPacked } from "./snapshot.js";

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
  if (total !== packed) return "its runs do not add up to its packed size";
  return "";
}

/** Write each run of `packed` to its place in `target`, a zero-filled buffer of the snapshot's size. */
export function unpack(packed, runs, target) {
  if (packed.length !== runs.reduce((sum, [, length]) => sum + length, 0)) {
    throw new Error("snapshot: the packed bytes do not match their runs");
  }
  let at = 0;
  for (const [offset, length] of runs) {
    target.set(packed.subarray(at, at + length), offset);
    at += length;
  }
  return target;
}

/**
 * The packed bytes (a promise) and keep(), which stores them for the next visit once
 * they have restored Python. A helper worker fetches and inflates them, so this
 * thread meanwhile loads and compiles Pyodide; where a worker cannot start a worker
 * of its own, this thread does the work. `kept` is called once they are stored.
 */
export function snapshotSource({ url, packed: size }, kept) {
  let helper = null;
  try {
    helper = new Worker(HELPER_URL, { type: "module", name: "scaling-book-snapshot" });
  } catch {
    helper = null;
  }
  if (!helper) {
    const loaded = loadPacked(url, size);
    const keep = async () => {
      const { bytes, from } = await loaded;
      if (from !== "cache") await keepPacked(url, bytes);
      kept();
    };
    return { bytes: loaded.then(({ bytes }) => bytes), keep: () => keep().catch(() => {}) };
  }
  const loaded = new Promise((resolve, reject) => {
    helper.onmessage = ({ data }) => {
      if (data.type === "loaded") {
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
  helper.postMessage({ type: "load", url, size });
  const keep = async () => {
    const { bytes, from } = await loaded;
    if (from === "cache") {
      helper.terminate();
      kept();
      return;
    }
    // Pyodide has copied the snapshot into its own memory: hand the bytes back to be stored.
    helper.postMessage({ type: "keep", url, bytes }, [bytes.buffer]);
  };
  return { bytes: loaded.then(({ bytes }) => bytes), keep: () => keep().catch(() => {}) };
}
