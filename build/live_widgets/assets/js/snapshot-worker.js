// A helper worker that worker.js starts: it fetches and inflates the packed Python
// snapshot on a thread of its own, so Python's worker meanwhile loads and compiles
// Pyodide; later it stores the snapshot in Cache Storage, off the thread that
// answers the reader.
// Which snapshot: its name, {"snapshot": {url, size, sha256}} as JSON, so it starts
// downloading as soon as its code has loaded, with no message to wait for.
// Messages in:  {type: "keep", url, bytes, sha256} once Python has restored from it
// Messages out: {type: "bytes", count} as the download arrives,
//               {type: "loaded", ok, bytes | error, from}, {type: "kept", ok, error?}
import { keepPacked, loadPacked } from "./snapshot.js";

const message = (error) => String(error?.message || error);

async function load() {
  try {
    const { url, size, sha256 } = JSON.parse(self.name).snapshot;
    const counted = (count) => self.postMessage({ type: "bytes", count });
    const { bytes, from } = await loadPacked(url, size, sha256, counted);
    self.postMessage({ type: "loaded", ok: true, bytes, from }, [bytes.buffer]);
  } catch (error) {
    self.postMessage({ type: "loaded", ok: false, error: message(error) });
  }
}

self.onmessage = async ({ data }) => {
  if (data.type !== "keep") return;
  try {
    await keepPacked(data.url, data.bytes, data.sha256);
    self.postMessage({ type: "kept", ok: true });
  } catch (error) {
    self.postMessage({ type: "kept", ok: false, error: message(error) });
  }
};

load();
