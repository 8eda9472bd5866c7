// One widget on a page: reads its declaration, keeps the form and the outputs in
// step, asks the shared Python runtime to recompute, and honours the contract:
// data-state = static | loading | ready | error, data-output + data-value.

import {
  ParamError,
  applyRules,
  bounded,
  boundedBy,
  coerce,
  fromSlider,
  plain,
  ruleError,
  stepValue,
  toSlider,
  writeQuery,
} from "./params.js";
import { setupPredict } from "./predict.js";
import { showDownload } from "./download-progress.js";
import { STAGES, runtime } from "./runtime.js";
import { setupShare } from "./share.js";
import { setupSourceViewer } from "./source.js";
import { readUrlState } from "./url-state.js";

const RUN_TIMEOUT_MS = 5000;
const ACTION_TIMEOUT_MS = 30000;

export class WidgetController {
  constructor(root, { urlState = false } = {}) {
    this.root = root;
    this.spec = JSON.parse(root.dataset.spec);
    this.byName = new Map(this.spec.params.map((p) => [p.name, p]));
    this.key = `${root.dataset.widget}#${root.dataset.uid}#${Math.random().toString(36).slice(2)}`;
    this.status = root.querySelector(".w-status-text");
    this.retryButton = root.querySelector(".w-retry");
    this.notice = root.querySelector(".w-notice");
    this.form = root.querySelector(".w-form");
    this.values = this.readForm();
    this.staticValues = { ...this.values };
    this.generation = 0;
    this.queued = false;
    this.disposed = false;

    if (urlState) this.applyQuery(window.location.search);
    // The build drew each slider over its declared range; a bounded one (cache_size,
    // bounded by keys) spans only up to its limit's value.
    for (const rule of this.spec.rules || []) this.showValue(rule.param, this.values[rule.param]);
    this.bindForm();
    this.bindButtons();
    setupShare(this);
    setupSourceViewer(root);
    setupPredict(root);
    this.unsubscribe = runtime.onChange((stage, detail) => this.onStage(stage, detail));
  }

  // ---- form <-> values -------------------------------------------------------

  readForm() {
    const values = {};
    for (const param of this.spec.params) {
      const input = this.form.elements.namedItem(param.name);
      values[param.name] = param.kind === "choice" ? input.value : Number(input.value);
    }
    return values;
  }

  field(name) {
    return this.form.querySelector(`.w-field[data-param="${CSS.escape(name)}"]`);
  }

  /** The declaration of `name`, its maximum lowered by the rules (see params.js bounded). */
  param(name) {
    return bounded(this.spec, this.byName.get(name), this.values);
  }

  showValue(name, value) {
    const param = this.param(name);
    const field = this.field(name);
    const input = this.form.elements.namedItem(name);
    if (param.kind === "choice") {
      input.value = value;
      return;
    }
    if (document.activeElement !== input) input.value = String(value);
    input.max = String(param.max);
    const slider = field.querySelector(".w-slider");
    slider.value = String(toSlider(param, value));
    slider.setAttribute("aria-valuetext", `${plain(value)}${param.unit ? ` ${param.unit}` : ""}`);
  }

  setFieldError(name, message) {
    const field = this.field(name);
    const error = field?.querySelector(".w-error");
    const input = this.form.elements.namedItem(name);
    if (error) {
      error.textContent = message || "";
      error.hidden = !message;
    }
    input?.setAttribute("aria-invalid", message ? "true" : "false");
  }

  applyQuery(search) {
    const { values, notices } = readUrlState(this.spec, search, this.values);
    this.values = values; // first: the sliders' ranges depend on it
    for (const [name, value] of Object.entries(values)) this.showValue(name, value);
    if (notices.length) this.showNotice(notices.join(" "));
    if (this.differsFromStatic()) this.markStale();
  }

  differsFromStatic() {
    return this.spec.params.some((p) => this.values[p.name] !== this.staticValues[p.name]);
  }

  showNotice(text) {
    this.notice.textContent = text; // text only: a URL value is never HTML
    this.notice.hidden = !text;
  }

  markStale() {
    // "ready" promises outputs computed for the current inputs: leave it at once.
    this.root.classList.add("w-stale");
    if (this.root.dataset.state === "ready") this.setState("loading");
  }

  bindForm() {
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("input", (event) => this.onInput(event.target));
    this.form.addEventListener("change", (event) => this.onInput(event.target, true));
    this.form.addEventListener("keydown", (event) => this.onSliderKey(event));
  }

  /** An arrow key on a slider moves to the next value it can stand for. */
  onSliderKey(event) {
    const direction = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[event.key];
    const slider = event.target;
    if (!direction || !slider.classList.contains("w-slider") || event.altKey || event.ctrlKey) return;
    event.preventDefault();
    const name = slider.closest(".w-field").dataset.param;
    const input = this.form.elements.namedItem(name);
    input.value = String(stepValue(this.param(name), this.values[name], direction));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  onInput(target, committed = false) {
    const field = target.closest(".w-field");
    if (!field) return;
    const name = field.dataset.param;
    const declared = this.byName.get(name);
    const param = this.param(name); // the slider's range: up to its limit, if it has one
    const bySlider = target.classList.contains("w-slider");
    let value;
    try {
      if (bySlider) {
        value = fromSlider(param, target.value);
        this.form.elements.namedItem(name).value = String(value);
      } else {
        value = coerce(declared, target.value); // a rule says more than "out of range"
      }
    } catch (error) {
      if (!(error instanceof ParamError)) throw error;
      // While typing, wait for the change event before complaining.
      if (committed || target.value.trim() !== "") this.setFieldError(name, `${param.label} ${error.detail}.`);
      return;
    }
    this.setFieldError(name, "");
    if (param.kind !== "choice") {
      const slider = field.querySelector(".w-slider");
      if (target !== slider) slider.value = String(toSlider(param, value));
      slider.setAttribute("aria-valuetext", `${plain(value)}${param.unit ? ` ${param.unit}` : ""}`);
    }
    if (this.values[name] === value) return;
    // A typed value above its limit: one message, in the labels the reader sees, as
    // Python's strict check would say it (the slider cannot get there).
    const broken = ruleError(this.spec, { ...this.values, [name]: value }, name);
    if (broken) {
      this.setFieldError(name, `${broken}.`);
      return;
    }
    // A limit lowered below what it bounds pulls that value down, with a note. While
    // the reader is still typing the limit ("5" on the way to "5000"), wait for the
    // finished number rather than clamp to a passing one.
    const ruled = applyRules(this.spec, { ...this.values, [name]: value });
    if (ruled.changed.length && !committed && !bySlider) return;
    this.values = ruled.values;
    this.showRuled([name, ...boundedBy(this.spec, name)], ruled, name);
    this.markStale();
    this.schedule();
  }

  /**
   * After a change: re-draw the sliders whose range follows a limit that changed, and
   * give each field in `names` the note of its clamping, or none.
   */
  showRuled(names, ruled, changed = null) {
    for (const name of names) {
      if (name !== changed) {
        this.setFieldError(name, ""); // a rejected typed value gives way to the real one
        this.showValue(name, this.values[name]);
      }
      const text = ruled.notices[ruled.changed.indexOf(name)] || "";
      const field = this.field(name);
      let note = field.querySelector(".w-rule-note");
      if (!note && !text) continue;
      if (!note) {
        note = document.createElement("p");
        note.className = "w-rule-note";
        note.setAttribute("aria-live", "polite"); // said once the reader pauses, not as an alert
        field.append(note);
      }
      note.textContent = text;
      note.hidden = !text;
    }
  }

  bindButtons() {
    for (const button of this.root.querySelectorAll(".w-step")) {
      button.addEventListener("click", () => this.step(button.dataset.step));
    }
    for (const button of this.root.querySelectorAll(".w-action")) {
      button.addEventListener("click", () => this.runAction(button));
    }
    this.retryButton.addEventListener("click", () => {
      this.retryButton.hidden = true;
      runtime.retry();
      this.schedule();
    });
  }

  step(key) {
    const step = this.spec.steps.find((s) => s.key === key);
    const next = { ...this.values };
    for (const [target, source] of step.assign) next[target] = next[source];
    for (const [target, amount] of step.delta) {
      const param = this.byName.get(target);
      next[target] = Math.min(param.max, Math.max(param.min, next[target] + amount));
    }
    const ruled = applyRules(this.spec, next); // a step must not break a rule either
    this.root.classList.add("w-animate-moves");
    this.values = ruled.values;
    for (const [name, value] of Object.entries(this.values)) this.showValue(name, value);
    this.showRuled(ruled.changed, ruled);
    this.markStale();
    this.schedule();
  }

  // ---- talking to Python -----------------------------------------------------

  /** Start Python (called when the widget nears the viewport, or when idle). */
  activate() {
    if (this.activated) return;
    this.activated = true;
    this.schedule();
  }

  /**
   * Recompute with the newest values, with no fixed delay anywhere. When Python is
   * idle the request goes at once; while it computes, only the newest request waits
   * (the runtime keeps one per widget) and goes the moment the answer returns.
   * Changes made in the same task (a step button setting two values) make one
   * request. Replies to older requests are dropped (see `generation`), so they never
   * paint over newer values.
   */
  schedule() {
    this.activated = true;
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.recompute();
    });
  }

  setState(state) {
    this.root.dataset.state = state;
  }

  async recompute() {
    if (this.disposed) return;
    const generation = ++this.generation;
    const values = this.values;
    if (runtime.stage === "ready") this.setState("loading");
    try {
      const reply = await runtime.request(
        this.key,
        { kind: "run", widget: this.spec.name, params: values },
        { timeoutMs: RUN_TIMEOUT_MS },
      );
      if (generation !== this.generation || this.disposed) return;
      if (!reply.ok) {
        this.setFieldError(reply.param in this.values ? reply.param : this.spec.params[0].name, reply.error);
        this.setState("error");
        this.setStatus(`Python rejected the input: ${reply.error}`);
        return;
      }
      this.applyView(reply.view);
      this.root.classList.remove("w-stale", "w-animate-moves");
      this.setState("ready");
      this.setStatus("Live: Python in your browser computed these results.");
      runtime.warm(this.spec.name, this.spec.warm_steps);
      for (const button of this.root.querySelectorAll(".w-action")) button.disabled = false;
    } catch (error) {
      if (error.superseded || generation !== this.generation || this.disposed) return;
      this.setState("error");
      if (error.name === "TimeoutError" || error instanceof Error && /stopped after/.test(error.message)) {
        this.setStatus(`That computation took too long (${error.message}) and was stopped. Change an input to try again.`);
      } else {
        this.setStatus(`${STAGES.error} ${error.message}. The results shown were computed when the page was built.`);
        this.retryButton.hidden = false;
      }
    }
  }

  applyView(view) {
    for (const output of view.outputs) {
      const node = this.root.querySelector(`[data-output="${CSS.escape(output.name)}"]`);
      if (!node) continue;
      if (node.dataset.value !== output.value) node.dataset.value = output.value;
      if (node.textContent !== output.text) node.textContent = output.text;
    }
    this.root.querySelector(".w-summary").textContent = view.summary;
    this.root.querySelector(".w-figures").innerHTML = view.figures_html; // built by our Python from validated numbers
    this.root.querySelector(".w-notes").innerHTML = view.notes_html;
  }

  async runAction(button) {
    const region = this.root.querySelector(".w-action-result");
    region.hidden = false;
    region.textContent = `${button.textContent}: running in Python…`;
    button.disabled = true;
    try {
      const reply = await runtime.request(
        `${this.key}/action`,
        { kind: "action", widget: this.spec.name, action: button.dataset.action, params: this.values },
        { timeoutMs: ACTION_TIMEOUT_MS },
      );
      if (!reply.ok) throw new Error(reply.error);
      region.innerHTML = "";
      const list = document.createElement("dl");
      list.className = "w-outputs w-action-outputs";
      for (const output of reply.view.outputs) {
        const row = document.createElement("div");
        row.className = "w-output";
        const term = document.createElement("dt");
        term.textContent = output.name.replace(/_/g, " ");
        const value = document.createElement("dd");
        value.dataset.output = output.name;
        value.dataset.value = output.value;
        value.textContent = output.text;
        row.append(term, value);
        list.append(row);
      }
      const summary = document.createElement("p");
      summary.textContent = reply.view.summary;
      region.append(list, summary);
      region.insertAdjacentHTML("beforeend", reply.view.figures_html);
    } catch (error) {
      region.textContent = `${button.textContent} failed: ${error.message}.`;
    } finally {
      button.disabled = false;
    }
  }

  setStatus(text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  onStage(stage, detail) {
    if (this.disposed) return;
    const starting = stage !== "ready" && stage !== "idle" && stage !== "error";
    showDownload(this.root, starting && this.root.dataset.state !== "ready" ? runtime.download : null);
    if (stage === "ready" || stage === "idle") return;
    if (stage === "error") {
      this.setState("error");
      this.setStatus(`${STAGES.error} ${detail} The results shown were computed when the page was built.`);
      this.retryButton.hidden = false;
      return;
    }
    if (this.root.dataset.state !== "ready") {
      this.setState("loading");
      this.setStatus(`${STAGES[stage] || stage} Until then you see results computed when the page was built.`);
      this.root.dataset.stage = stage;
    }
  }

  queryString() {
    return writeQuery(this.spec, this.values);
  }

  dispose() {
    this.disposed = true;
    this.unsubscribe?.();
  }
}
