// A helper worker that worker.js starts: it fetches and inflates the packed Python
// snapshot on a thread of its own, so Python's worker meanwhile loads and compiles
// Pyodide; later it stores the snapshot in Cache Storage, off the thread that
// answers the reader.
// Messages in:  {type: "load", url, size, sha256}, then maybe {type: "keep", url, bytes, sha256};
//               or {type: "stop"} when no snapshot will be used (it ends once loaded)
// Messages out: {type: "bytes", count} as the download arrives,
//               {type: "loaded", ok, bytes | error, from}, {type: "kept", ok, error?}
import { keepPacked, loadPacked } from "./snapshot.js";

const message = (error) => String(error?.message || error);

self.onmessage = async ({ data }) => {
  if (data.type === "stop") {
    self.close();
  } else if (data.type === "load") {
    try {
      const counted = (count) => self.postMessage({ type: "bytes", count });
      const { bytes, from } = await loadPacked(data.url, data.size, data.sha256, counted);
      self.postMessage({ type: "loaded", ok: true, bytes, from }, [bytes.buffer]);
    } catch (error) {
      self.postMessage({ type: "loaded", ok: false, error: message(error) });
    }
  } else if (data.type === "keep") {
    try {
      await keepPacked(data.url, data.bytes, data.sha256);
      self.postMessage({ type: "kept", ok: true });
    } catch (error) {
      self.postMessage({ type: "kept", ok: false, error: message(error) });
    }
  }
};
