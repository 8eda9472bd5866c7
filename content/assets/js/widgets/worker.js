// The module Web Worker that hosts Pyodide and the book's widget models.
// Messages in:  {type: "init", indexURL, wheelURL} then {type: "request", id, request}
// Messages out: {type: "progress", stage}, {type: "fatal", error},
//               {type: "result", id, ok, reply | error}

let handle = null;

// Emscripten reports some start-up failures (a file that cannot be fetched) as
// uncaught errors rather than rejecting loadPyodide: turn them into a fatal message.
function fatal(error) {
  self.postMessage({ type: "fatal", error: String(error?.message || error || "unknown error") });
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!handle) fatal(event.reason);
});
self.addEventListener("error", (event) => {
  if (handle) return; // a crash after start-up reaches the page's worker.onerror
  event.preventDefault();
  fatal(event.error || event.message);
});

function progress(stage, detail = "") {
  self.postMessage({ type: "progress", stage, detail });
}

async function init({ indexURL, wheelURL }) {
  progress("downloading");
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  progress("starting");
  const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
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
  handle = pyodide.pyimport("widgets.runtime").handle;
  progress("ready");
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
      const reply = JSON.parse(handle(message.request));
      self.postMessage({ type: "result", id: message.id, ok: true, reply });
    } catch (error) {
      self.postMessage({ type: "result", id: message.id, ok: false, error: String(error?.message || error) });
    }
  }
};
