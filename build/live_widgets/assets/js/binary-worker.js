// A helper worker that worker.js starts: it fetches Pyodide's binary as the build's
// gzip copy (a third of the bytes), inflates it and compiles it on a thread of its
// own, and hands the compiled module over. Inflating 9.6 MB is about 100 ms of a core
// on a small machine: on Python's worker it would hold up everything else that thread
// reads as it arrives (Pyodide's JavaScript, the standard library).
// Which file: its name, {"url": ...} as JSON, so it starts with no message to wait for.
// Messages out: {type: "bytes", count} as the download arrives,
//               {type: "compiled", module} (a WebAssembly.Module),
//               {type: "failed", step, why}: "download" or "compile" failed, and why
//               (worker.js words it for the reader), or {type: "failed", handover: true}.
const { url } = JSON.parse(self.name);

/** The bytes as they arrive, each chunk counted for the reader's progress. */
function counted(body) {
  return body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        self.postMessage({ type: "bytes", count: chunk.length });
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * The binary, inflated as it arrives, unless the host already did (it sent the copy
 * with Content-Encoding: the bytes then start as WebAssembly does, not as gzip does).
 */
async function inflated(body) {
  const reader = body.getReader();
  const first = await reader.read();
  const gzip = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  const whole = new ReadableStream({
    start(controller) {
      if (!first.done) controller.enqueue(first.value);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return gzip ? whole.pipeThrough(new DecompressionStream("gzip")) : whole;
}

/** A failure of one step ("download" or "compile"), as worker.js will word it. */
class StepFailed extends Error {
  constructor(step, why) {
    super(why);
    this.step = step;
  }
}

const reasonOf = (error) => String(error?.message || error);

async function compile() {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new StepFailed("download", `the network request failed (${reasonOf(error)})`);
  }
  if (!response.ok) throw new StepFailed("download", `HTTP ${response.status}`);
  const body = await inflated(counted(response.body));
  try {
    return await WebAssembly.compileStreaming(new Response(body, { headers: { "content-type": "application/wasm" } }));
  } catch (error) {
    throw new StepFailed("compile", reasonOf(error));
  }
}

compile().then(
  (module) => {
    try {
      self.postMessage({ type: "compiled", module });
    } catch (error) {
      // This browser cannot hand a module to another worker: Python's worker then
      // fetches and compiles the original itself.
      self.postMessage({ type: "failed", handover: true, why: reasonOf(error) });
    }
  },
  // A stream error while inflating is the download's (cut short, or not gzip after all).
  (error) => self.postMessage({ type: "failed", step: error.step ?? "download", why: reasonOf(error) }),
);
