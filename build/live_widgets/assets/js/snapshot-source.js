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
  if (total !== packed) return "its runs do not add up to its packed size";
  return "";
}

/**
 * Write each run of `packed` to its place in `target`, a zero-filled buffer of the
 * snapshot's size. layoutProblem() has checked the runs and loadPacked() the length.
 */
export function unpack(packed, runs, target) {
  let at = 0;
  for (const [offset, length] of runs) {
    target.set(packed.subarray(at, at + length), offset);
    at += length;
  }
  return target;
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
