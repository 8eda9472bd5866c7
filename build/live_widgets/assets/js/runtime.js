// The Python runtime: one module Web Worker per tab, shared by every widget on
// every page (it lives in this module, which Material's instant navigation keeps).
// The worker starts Python by itself; an embed page creates it before this module
// loads, and the runtime takes it over.
//
// Requests are queued per widget instance and only the latest one is kept, so a
// fast-moving slider never builds a backlog. A model computed in parts (a widget's
// `view_in_parts`) is also stopped at its next part when newer values come: its
// result could only be dropped as stale (see stopStale). A computation over its time
// limit is abandoned by terminating the worker; the next request starts a fresh one.
//
// A worker that dies once Python is ready (an error event, or no answer to the
// heartbeat while it has nothing to compute) is replaced at once, and the request it
// was computing is sent again to the new one. While starting, the worker reports
// each second and watches its own downloads (see worker.js); silence or a stalled
// download becomes an error with Retry within seconds.

// A start that has made no progress (no byte downloaded, no new stage) for this long is
// stuck. Slow links are fine: each byte that arrives restarts the clock.
const START_STUCK_MS = 60_000;
// The time left is estimated from the bytes of the last few seconds.
const RATE_WINDOW_MS = 5_000;
const WORKER_URL = new URL("./worker.js", import.meta.url);
const WORKER_NAME = "live-widgets-python";
// A warm-up step is short by design; past this, something is wrong.
const WARM_TIMEOUT_MS = 30_000;
// Background work (warm-ups, rehearsals) waits until the reader has asked for nothing,
// and been answered nothing, for this long: a drag or a run of key presses never
// queues behind a warm-up step, which can take over 100 ms, nor does a change made as
// soon as the widget goes live. Reading time is what background work is for.
const BACKGROUND_AFTER_QUIET_MS = 1_000;
// Rehearsals: a live widget's model runs again in the background, if one run takes
// less than REHEARSE_UNDER_MS: at least MIN_REHEARSALS times, then on until Python has
// spent REHEARSAL_BUDGET_MS on them or MAX_REHEARSALS have run (see rehearse()).
const MIN_REHEARSALS = 2;
const MAX_REHEARSALS = 8;
const REHEARSAL_BUDGET_MS = 600;
const REHEARSE_UNDER_MS = 250;
// The heartbeat: a ping each second; this many unanswered while the worker has nothing
// to compute, and it is taken for dead. A starting worker says "alive" each second by
// itself; this long without a word from it and it is taken for dead too.
const HEARTBEAT_MS = 1_000;
const UNANSWERED_PINGS = 4;
const START_SILENCE_MS = 10_000;
// Replacements in a minute before the runtime stops and offers Retry instead.
const MAX_REPLACEMENTS = 3;

export const STAGES = {
  idle: "Python has not started yet.",
  downloading: "Downloading Python…",
  starting: "Starting Python…",
  models: "Loading the models…",
  ready: "Python is ready.",
  error: "Python could not start.",
};

class TimeoutError extends Error {}

/**
 * What the reader is told while Python downloads: "3.2 of 20.8 MB downloaded" and,
 * once the rate is known, "about 12 s left"; "" when nothing is left to download.
 */
export function downloadText({ got, expected, secondsLeft }) {
  if (!expected || got >= expected) return "";
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  let text = `${mb(got)} of ${mb(expected)} MB downloaded`;
  if (Number.isFinite(secondsLeft)) {
    if (secondsLeft < 5) text += ", a few seconds left";
    else if (secondsLeft < 90) text += `, about ${Math.round(secondsLeft / 5) * 5} s left`;
    else text += `, about ${Math.round(secondsLeft / 60)} min left`;
  }
  return `${text}.`;
}

/**
 * Seconds left at the rate of the samples ([time ms, bytes]) of the last RATE_WINDOW_MS:
 * the median of the rates between samples, so one step that lands a whole file at once
 * (a module import shows no progress until it has loaded, about 1.4 MB for Pyodide's
 * JavaScript) does not make a slow link look several times faster. While bytes come
 * in bursts (most steps empty), the mean rate over the window.
 */
export function secondsLeft(samples, expected) {
  if (samples.length < 2) return NaN;
  const [t0, b0] = samples[0];
  const [t1, b1] = samples[samples.length - 1];
  if (t1 - t0 < 2_000 || b1 <= b0) return NaN;
  const steps = [];
  for (let i = 1; i < samples.length; i++) {
    const ms = samples[i][0] - samples[i - 1][0];
    if (ms > 0) steps.push((samples[i][1] - samples[i - 1][1]) / (ms / 1000));
  }
  steps.sort((a, b) => a - b);
  const median = steps.length % 2 ? steps[(steps.length - 1) / 2] : (steps[steps.length / 2 - 1] + steps[steps.length / 2]) / 2;
  const rate = median > 0 ? median : (b1 - b0) / ((t1 - t0) / 1000);
  return (expected - b1) / rate;
}

/**
 * The worker an embed page started before any module ran (see early_start in
 * build/live_widgets/embed.py), with what it has said so far; null elsewhere, or once taken.
 */
function takeEarlyWorker() {
  const early = window.__liveWidgetsEarlyWorker;
  if (!early) return null;
  delete window.__liveWidgetsEarlyWorker;
  return early.worker?.constructor === Worker ? early : null;
}

/**
 * The Python worker. A sandboxed frame without allow-same-origin has an opaque
 * origin, which may not start a worker from the site's URL, and Chromium does not
 * start a module worker from its blob either. There a classic worker made from a
 * small blob imports the real one (the site must send Access-Control-Allow-Origin
 * for that, as for every module such a frame loads). It hides importScripts, which
 * Pyodide takes for the sign of a classic worker it cannot run in; with import()
 * it runs there as in a module worker. embed.py's early start does the same.
 */
export function workerBootstrap(url) {
  return [
    "self.importScripts = undefined;",
    `import(${JSON.stringify(String(url))}).catch((error) => self.postMessage(`,
    '{ type: "fatal", error: "the Python worker did not load (" + error + ")" }));',
  ].join("\n");
}

export function createWorker(url = WORKER_URL) {
  try {
    return new Worker(url, { type: "module", name: WORKER_NAME });
  } catch (error) {
    if (error?.name !== "SecurityError") throw error;
    const blob = new Blob([workerBootstrap(url)], { type: "text/javascript" });
    return new Worker(URL.createObjectURL(blob), { name: WORKER_NAME });
  }
}

class Runtime {
  constructor() {
    this.stage = "idle";
    this.detail = "";
    this.listeners = new Set();
    this.worker = null;
    this.ready = null; // Promise resolved when the worker reports "ready"
    this.pending = new Map(); // key -> job (not yet sent)
    this.inflight = null; // job sent to the worker
    this.nextId = 1;
    this.starts = 0; // how many workers this tab has started (tests read it)
    this.warmed = new Set(); // widgets whose warm-up this worker has been asked for
    this.rehearsed = new Set(); // widgets this worker has rehearsed (or chose not to)
    this.computeMs = {}; // widget -> milliseconds Python spent on each recent run
    this.stopped = 0; // stale computations Python stopped for newer values (tests read it)
    this.replaced = 0; // workers replaced after they died (tests read it)
    this.replacedAt = []; // when, for MAX_REPLACEMENTS
    this.download = { got: 0, expected: 0, secondsLeft: NaN }; // while starting (tests read it)
    this.samples = []; // [time, bytes] of the last RATE_WINDOW_MS
    this.lastAsked = -Infinity; // when a reader-facing request last arrived or was answered
    this.quietTimer = null; // wakes pump() once background work may go
    this.backgroundAfterQuietMs = BACKGROUND_AFTER_QUIET_MS; // tests read it
    this.rehearsalLimits = { min: MIN_REHEARSALS, max: MAX_REHEARSALS }; // tests read them
    // Settles once Python has first answered a reader's request, or has failed: work
    // that can wait (Material's search index, see boot.js) waits for it.
    this.firstAnswer = new Promise((resolve) => {
      this.answered = resolve;
    });
  }

  /** The worker's byte counts (each second while starting): progress, and a sign of life. */
  counted(got, expected) {
    if (!(expected > 0)) return;
    const now = performance.now();
    if (got > this.download.got) this.progressed = now;
    this.samples.push([now, got]);
    while (this.samples.length > 2 && now - this.samples[0][0] > RATE_WINDOW_MS) this.samples.shift();
    this.download = { got, expected, secondsLeft: secondsLeft(this.samples, expected) };
    for (const listener of this.listeners) listener(this.stage, this.detail);
  }

  onChange(listener) {
    this.listeners.add(listener);
    listener(this.stage, this.detail);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the stage once `accept(stage)` holds (at once, if it does now). */
  when(accept) {
    return new Promise((resolve) => {
      const stop = this.onChange((stage) => {
        if (!accept(stage)) return;
        queueMicrotask(() => stop());
        resolve(stage);
      });
    });
  }

  setStage(stage, detail = "") {
    if (stage !== this.stage) this.progressed = performance.now();
    if (stage === "error") this.answered();
    this.stage = stage;
    this.detail = detail;
    for (const listener of this.listeners) listener(stage, detail);
  }

  /** Start the worker if it is not running; resolves when Python is ready. */
  start() {
    if (this.ready) return this.ready;
    this.starts += 1;
    window.__liveWidgetsRuntime = { starts: this.starts };
    this.setStage("downloading");
    let resolve;
    let reject;
    const ready = new Promise((yes, no) => {
      resolve = yes;
      reject = no;
    });
    ready.catch(() => {}); // failures are reported through stages
    // Set before anything can fail: fail() clears it, so the next request starts afresh.
    this.ready = ready;
    const early = takeEarlyWorker();
    let worker = early?.worker;
    try {
      worker ??= createWorker();
    } catch (error) {
      this.fail(error, reject);
      return ready;
    }
    this.worker = worker;
    this.progressed = performance.now();
    this.samples = [];
    this.download = { got: 0, expected: 0, secondsLeft: NaN };
    const onMessage = (message) => {
      if (this.worker !== worker) return; // a worker this runtime has already let go
      this.heard = performance.now();
      this.unanswered = 0;
      if (message.type === "alive") this.counted(message.got, message.expected);
      this.receive(message, resolve, reject);
    };
    const onError = (event) => {
      event.preventDefault?.();
      if (this.worker !== worker) return;
      const error = new Error(event.message || "the Python worker crashed");
      // Once Python was ready, a new worker will most likely do: replace it.
      if (this.stage === "ready") this.replace(error);
      else this.fail(error, reject);
    };
    worker.onmessage = (event) => onMessage(event.data);
    worker.onerror = onError;
    this.heard = performance.now();
    this.unanswered = 0;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.checkAlive(worker, reject), HEARTBEAT_MS);
    // What an early worker said before this module took it over (it may have failed already).
    for (const message of early?.messages ?? []) onMessage(message);
    if (early?.error) onError(early.error);
    return ready;
  }

  receive(message, resolve, reject) {
    if (message.type === "progress") {
      this.setStage(message.stage, message.detail || "");
      if (message.stage === "ready") {
        this.startedFrom = message.detail; // "snapshot" or "normal start" (tests read it)
        resolve();
        this.pump();
      }
    } else if (message.type === "snapshot-kept") {
      this.snapshotKept = true; // the next visit restores Python from Cache Storage (tests read it)
    } else if (message.type === "fatal") {
      this.fail(new Error(message.error), reject);
    } else if (message.type === "result" && this.inflight && message.id === this.inflight.id) {
      const job = this.inflight;
      this.inflight = null;
      clearTimeout(job.timer);
      if (message.stopped) {
        this.stopped += 1;
        job.reject(Object.assign(new Error("superseded"), { superseded: true }));
        this.pump();
        return;
      }
      if (!job.background) this.lastAsked = performance.now();
      if (message.ok) job.onTime?.(message.ms);
      // The reader's computations only: rehearsals and warm-ups are not what they wait for.
      if (message.ok && job.payload.kind === "run" && !job.background) {
        this.recordCompute(job.payload.widget, message.ms);
      }
      if (!job.background) this.answered();
      if (message.ok) job.resolve(message.reply);
      else job.reject(new Error(message.error));
      this.pump();
    }
  }

  /**
   * Once a second: a starting worker must have said something within
   * START_SILENCE_MS; a ready one must answer its pings unless it is computing for
   * the reader (that computation has its own time limit). Background work (a warm-up
   * step, a rehearsal) is short, so the pings go on and a worker that died during it
   * is replaced as quickly as an idle one. Counting pings, not time, means a page that
   * was frozen or throttled meanwhile does not mistake its own delay for a dead worker.
   */
  checkAlive(worker, reject) {
    if (this.worker !== worker) return;
    if (this.stage !== "ready") {
      const now = performance.now();
      if (now - this.heard > START_SILENCE_MS) {
        this.fail(new Error(`the Python worker stopped responding while starting (nothing for ${START_SILENCE_MS / 1000} s)`), reject);
      } else if (now - this.progressed > START_STUCK_MS) {
        this.fail(new Error(`Python's start made no progress for ${START_STUCK_MS / 1000} s`), reject);
      }
      return;
    }
    if (this.inflight && !this.inflight.background) {
      this.unanswered = 0;
      return;
    }
    if (this.unanswered >= UNANSWERED_PINGS) {
      this.replace(new Error("the Python worker stopped answering"));
      return;
    }
    this.unanswered += 1;
    worker.postMessage({ type: "ping" });
  }

  /**
   * A worker died after Python was ready: start a new one and send it the request the
   * old one was computing (once: a request that kills two workers fails). Past
   * MAX_REPLACEMENTS in a minute, the runtime gives up and the widgets offer Retry.
   */
  replace(error) {
    const now = performance.now();
    this.replacedAt = this.replacedAt.filter((at) => now - at < 60_000);
    if (this.replacedAt.length >= MAX_REPLACEMENTS) {
      this.fail(error);
      return;
    }
    this.replacedAt.push(now);
    this.replaced += 1;
    const inflight = this.inflight;
    this.stop();
    if (inflight) {
      if (inflight.resent || this.pending.has(inflight.key)) {
        inflight.reject(inflight.resent ? error : Object.assign(new Error("superseded"), { superseded: true }));
      } else {
        inflight.resent = true;
        this.pending.set(inflight.key, inflight);
      }
    }
    console.info(`Python worker replaced (${error.message}).`);
    this.start().then(() => this.pump(), () => {});
  }

  /** Time Python took per recompute, per widget (the benchmark reads it); the last 500. */
  recordCompute(widget, ms) {
    if (typeof ms !== "number") return;
    const times = (this.computeMs[widget] ??= []);
    times.push(ms);
    if (times.length > 500) times.shift();
  }

  fail(error, reject) {
    const inflight = this.inflight; // a crash mid-computation fails that request too
    this.stop();
    this.setStage("error", error.message);
    reject?.(error);
    inflight?.reject(error);
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }

  stop() {
    clearInterval(this.heartbeat);
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.warmed.clear(); // a new worker starts cold
    this.rehearsed.clear();
    if (this.inflight) {
      clearTimeout(this.inflight.timer);
      this.inflight = null;
    }
  }

  /**
   * Nothing to do: Python is ready, nothing is queued or computing, and the reader has
   * been quiet long enough for background work (warm-ups, rehearsals) to have run. The
   * benchmark waits for it, as a reader who reads before changing anything.
   */
  get settled() {
    return (
      this.stage === "ready" &&
      !this.inflight &&
      this.pending.size === 0 &&
      performance.now() - this.lastAsked > BACKGROUND_AFTER_QUIET_MS
    );
  }

  /** Try again after a failure. */
  retry() {
    this.stop();
    return this.start();
  }

  /**
   * Ask Python for something. Only the latest request per `key` is kept: an older
   * unsent one is rejected as superseded. A `background` request waits until no
   * reader-facing request is queued and none has arrived or been answered for
   * BACKGROUND_AFTER_QUIET_MS. `onTime` hears how long Python took, on success.
   */
  request(key, payload, { timeoutMs = 5000, background = false, onTime } = {}) {
    if (!background) this.lastAsked = performance.now();
    return new Promise((resolve, reject) => {
      const previous = this.pending.get(key);
      if (previous) previous.reject(Object.assign(new Error("superseded"), { superseded: true }));
      this.pending.set(key, { key, payload, timeoutMs, background, onTime, resolve, reject });
      if (!background) this.stopStale(key);
      this.start().then(
        () => this.pump(),
        (error) => {
          const job = this.pending.get(key);
          if (job) {
            this.pending.delete(key);
            job.reject(error);
          }
        },
      );
    });
  }

  /**
   * Let a widget do its one-off Python work (say, sorting a large table) while the
   * reader is still reading, once per worker, so their first big change is quick.
   * Each step is its own background request: a reader's change waits at most for
   * the one step in progress.
   */
  warm(widget, steps) {
    if (this.warmed.has(widget) || !steps) return;
    this.warmed.add(widget);
    const state = window.__liveWidgetsRuntime; // tests read which warm-ups finished
    const run = async () => {
      for (let step = 0; step < steps; step++) {
        const reply = await this.request(
          `warm:${widget}`,
          { kind: "warm", widget, step },
          { timeoutMs: WARM_TIMEOUT_MS, background: true },
        );
        if (!reply.ok) throw new Error(reply.error);
      }
      state.warm = [...(state.warm || []), widget];
    };
    // A failed warm-up only costs speed, so it is not retried on every recompute;
    // a restarted worker clears `warmed` and warms again.
    run().catch(() => {});
  }

  /**
   * Run a live widget's model again, with the same inputs, in the background (once per
   * widget and worker, and only when the reader is quiet). V8 compiles Pyodide's
   * WebAssembly lazily and optimises the functions that have run a while, so a
   * reader's first changes were slower than later ones: load-balancing's first three
   * took 83-146 ms, from the sixth on mostly 40-55 ms. Optimising takes running, not a
   * number of runs, so a quick model rehearses more often than a slow one: at least
   * MIN_REHEARSALS times, then until Python has spent REHEARSAL_BUDGET_MS or run
   * MAX_REHEARSALS times. A model slower than REHEARSE_UNDER_MS is not rehearsed: its
   * first change is slow anyway, and the CPU is the reader's.
   */
  rehearse(widget, params, timeoutMs) {
    if (this.rehearsed.has(widget)) return;
    this.rehearsed.add(widget);
    if (!(this.computeMs[widget]?.at(-1) < REHEARSE_UNDER_MS)) return;
    const state = window.__liveWidgetsRuntime; // tests read which rehearsals finished
    const run = async () => {
      let spent = 0;
      const onTime = (ms) => { spent += typeof ms === "number" ? ms : REHEARSAL_BUDGET_MS; };
      for (let i = 0; i < MAX_REHEARSALS && (i < MIN_REHEARSALS || spent < REHEARSAL_BUDGET_MS); i++) {
        const payload = { kind: "run", widget, params };
        const reply = await this.request(`rehearse:${widget}`, payload, { timeoutMs, background: true, onTime });
        if (!reply.ok) throw new Error(reply.error);
      }
      state.rehearsed = [...(state.rehearsed || []), widget];
    };
    run().catch(() => {}); // only speed is lost
  }

  /**
   * Newer values for `key` are queued: if Python is computing an older request of the
   * same key, ask the worker to stop it. Its result could not be shown anyway (the
   * widget drops a reply to values it no longer has), so the newest values need not
   * wait for it. Only a model computed in parts can stop, at its next part; any other
   * finishes, and its reply is dropped as before.
   */
  stopStale(key) {
    const job = this.inflight;
    if (!job || job.background || job.key !== key || job.stopAsked || !this.worker) return;
    job.stopAsked = true;
    this.worker.postMessage({ type: "stop", id: job.id });
  }

  pump() {
    if (this.inflight || this.stage !== "ready" || !this.worker) return;
    const jobs = [...this.pending.values()];
    const job = jobs.find((candidate) => !candidate.background) ?? jobs[0];
    if (!job) return;
    const quietLeft = this.lastAsked + BACKGROUND_AFTER_QUIET_MS - performance.now();
    if (job.background && quietLeft > 0) {
      clearTimeout(this.quietTimer);
      this.quietTimer = setTimeout(() => this.pump(), quietLeft);
      return;
    }
    this.pending.delete(job.key);
    job.id = this.nextId++;
    job.timer = setTimeout(() => this.abandon(job), job.timeoutMs);
    this.inflight = job;
    this.worker.postMessage({ type: "request", id: job.id, request: JSON.stringify(job.payload) });
  }

  abandon(job) {
    if (this.inflight !== job) return;
    this.stop();
    this.setStage("idle", "restarted");
    job.reject(new TimeoutError(`stopped after ${job.timeoutMs / 1000} s`));
    if (this.pending.size > 0) this.start().then(() => this.pump(), () => {});
  }
}

export const runtime = new Runtime();
export { TimeoutError };
