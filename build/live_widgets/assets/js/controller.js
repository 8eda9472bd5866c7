// One widget on a page: reads its declaration, keeps the form and the outputs in
// step, asks the shared Python runtime to recompute, and honours the contract:
// data-state = static | loading | ready | error, data-output + data-value.

import {
  applyRules,
  bounded,
  boundedBy,
  coerce,
  fromSlider,
  plain,
  readTyped,
  stepValue,
  toSlider,
  withUnit,
  writeQuery,
} from "./params.js";
import { Announcer, quietOffScreen } from "./announce.js";
import { setupPredict } from "./predict.js";
import { waitingStatus } from "./data-saver.js";
import { showDownload } from "./download-progress.js";
import { STAGES, downloadText, runtime } from "./runtime.js";
import { setupShare } from "./share.js";
import { setupSourceViewer } from "./source.js";
import { chapterKey, chapterQuery, pageLooks, readUrlState, withChapterQuery } from "./url-state.js";

const RUN_TIMEOUT_MS = 5000;
const ACTION_TIMEOUT_MS = 30000;
/**
 * A pause in typing this long commits what is typed (as leaving the box or Enter
 * does): an invalid value then gets its message. A complete valid number goes to
 * Python at once, without waiting for it.
 */
export const TYPING_PAUSE_MS = 1000;
// A live widget's recompute shows no sign of waiting for this long (class w-quick): no
// spinner, no dimmed results. Most answer sooner, and a flash of both on every step of
// a drag is noise; about 0.1 s is the limit for a response to feel instantaneous with
// no feedback but the result (J. Nielsen, Usability Engineering, 1993, ch. 5).
const LOOKS_READY_MS = 100;
// A recompute still running after this long is also said in words, for a reader who
// does not see the dimmed results: about 1 s is the limit for the flow of thought to
// stay uninterrupted (Nielsen, as above). Shorter ones, every step of a drag among
// them, say nothing until their results are announced.
const SAY_COMPUTING_MS = 1000;

export class WidgetController {
  constructor(root, { urlState = false, waitForReader = false } = {}) {
    this.root = root;
    // The reader saves data: Python starts only from the "Start Python" button
    // (data-saver.js); a change meanwhile is kept, and said not to be computed yet.
    this.waitsForReader = waitForReader;
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
    this.pulseMoves = false; // a step's result: its moved keys pulse once (CSS .w-animate-moves)
    this.queued = false;
    this.disposed = false;
    /** Fields whose typed text is invalid: name -> message, newest last (only it shows). */
    this.invalid = new Map();
    this.rejected = null; // {name, text}: Python refused a value (should not happen)
    this.actionRun = null; // {label, values}: the action whose results are shown, and its inputs
    this.pauses = new Map();
    // The figures' and notes' markup as Python last sent it: unchanged parts are kept.
    this.shownFigures = null;
    this.shownNotes = null;
    // The build renders each number box as a text box and each field's message region
    // as a polite live region (widget_html.py); the held note waits, hidden, in the results.
    this.heldNote = root.querySelector(".w-held-note");
    this.announcer = new Announcer(root.querySelector(".w-announce"), root.querySelector(".w-outputs"));
    this.stopQuiet = quietOffScreen(root.querySelector(".w-status"), root);

    // An embed page's state is its query (?cache_size=500); a chapter's widget keeps
    // what the reader changed under its own key (?cache-hit-rate.cache_size=500).
    this.chapterKey = urlState ? null : chapterKey(root);
    this.pagePath = window.location.pathname;
    if (urlState) this.applyQuery(window.location.search);
    else this.applyQuery(chapterQuery(window.location.search, this.chapterKey));
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
    // The range the reader is told is the one the slider and the check use.
    const range = field.querySelector(".w-range");
    if (range) range.textContent = `Range ${plain(param.min)} to ${withUnit(param, param.max)}.`;
    const slider = field.querySelector(".w-slider");
    slider.value = String(toSlider(param, value));
    slider.setAttribute("aria-valuetext", withUnit(param, value));
  }

  // ---- one message at a time -------------------------------------------------

  /**
   * `name`'s typed text is invalid: nothing goes to Python, the results stay those of
   * the last valid values, and the message says so, with that value.
   */
  holdInvalid(name, problem) {
    const param = this.byName.get(name);
    const message = `${problem}. The results are still for ${withUnit(param, this.values[name])}.`;
    this.invalid.delete(name); // re-inserted: the newest message is the one shown
    this.invalid.set(name, message);
    this.showMessages();
  }

  /**
   * `name` no longer holds invalid typed text. Python's refusal of it goes too, unless
   * `keepRefusal`: the value Python refused is still the one in the box (Enter again on
   * it), and its message stays while the widget still shows that error.
   */
  releaseInvalid(name, { keepRefusal = false } = {}) {
    const refused = this.rejected?.name === name && !keepRefusal;
    if (!this.invalid.delete(name) && !refused) return;
    if (refused) this.rejected = null;
    this.showMessages();
  }

  /**
   * Exactly one message, in the field it is about (its message region is named by the
   * box's aria-describedby): the newest invalid field's, else Python's refusal. Every
   * invalid box is marked aria-invalid; the results say which values they are for.
   */
  showMessages() {
    const newest = [...this.invalid.keys()].at(-1);
    const shown = newest !== undefined ? { name: newest, text: this.invalid.get(newest) } : this.rejected;
    for (const param of this.spec.params) {
      const error = this.field(param.name)?.querySelector(".w-error");
      const text = shown?.name === param.name ? shown.text : "";
      if (error && error.textContent !== text) error.textContent = text;
      const bad = this.invalid.has(param.name) || this.rejected?.name === param.name;
      this.form.elements.namedItem(param.name)?.setAttribute("aria-invalid", String(bad));
    }
    const held = [...this.invalid.keys()].map((name) => {
      const param = this.byName.get(name);
      return `${param.label} ${withUnit(param, this.values[name])}`;
    });
    this.root.classList.toggle("w-held", held.length > 0);
    this.heldNote.hidden = held.length === 0;
    this.heldNote.textContent = held.length ? `Results for the last valid inputs (${held.join(", ")}).` : "";
  }

  applyQuery(search) {
    const looks = pageLooks(document.documentElement);
    const { values, notices } = readUrlState(this.spec, search, this.values, looks);
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
    this.showActionAge();
    if (this.root.dataset.state === "ready") this.awaitPython();
  }

  /** Leave "ready" for a recompute; the first LOOKS_READY_MS of the wait look like "ready". */
  awaitPython() {
    const wasReady = this.root.dataset.state === "ready";
    this.setState("loading");
    if (!wasReady) return; // one quiet spell per wait, from the moment it began
    this.root.classList.add("w-quick");
    this.quickTimer = setTimeout(() => this.root.classList.remove("w-quick"), LOOKS_READY_MS);
    this.slowTimer = setTimeout(
      () => this.setStatus("Python is computing your change; the results shown are still for the previous inputs."),
      SAY_COMPUTING_MS,
    );
  }

  bindForm() {
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("input", (event) => this.onInput(event.target));
    this.form.addEventListener("change", (event) => this.onInput(event.target, true));
    this.form.addEventListener("keydown", (event) => this.onSliderKey(event));
    // Enter commits what is typed, as leaving the box does.
    this.form.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.classList?.contains("w-number")) this.onInput(event.target, true);
    });
  }

  /** Commit `name`'s typed text once the reader pauses (a new keystroke restarts the wait). */
  afterPause(name, target) {
    this.clearPause(name);
    this.pauses.set(
      name,
      setTimeout(() => {
        this.pauses.delete(name);
        if (!this.disposed) this.onInput(target, true);
      }, TYPING_PAUSE_MS),
    );
  }

  clearPause(name) {
    clearTimeout(this.pauses.get(name));
    this.pauses.delete(name);
  }

  /**
   * An arrow key on a slider moves to the next value it can stand for; Up and Down in
   * a number box do the same (as the browser's own number box would).
   */
  onSliderKey(event) {
    const direction = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[event.key];
    const slider = event.target;
    const box = slider.classList?.contains("w-number") && /^Arrow(Up|Down)$/.test(event.key);
    if (!direction || !(box || slider.classList.contains("w-slider")) || event.altKey || event.ctrlKey) return;
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
    if (bySlider) {
      value = fromSlider(param, target.value);
      this.form.elements.namedItem(name).value = String(value);
    } else if (declared.kind === "choice") {
      value = coerce(declared, target.value); // a menu offers only valid choices
    } else {
      this.clearPause(name);
      const typed = readTyped(this.spec, name, target.value, this.values);
      if (typed.message) {
        // Half-typed ("1e") or wrong: nothing goes to Python. Say so once the reader
        // commits (leaves the box, presses Enter) or pauses; once said, the message
        // follows each keystroke, so it never describes text no longer there.
        if (committed || this.invalid.has(name)) this.holdInvalid(name, typed.message);
        else this.afterPause(name, target);
        return;
      }
      value = typed.value;
    }
    this.clearPause(name);
    this.releaseInvalid(name, { keepRefusal: this.values[name] === value });
    if (declared.kind !== "choice") {
      const slider = field.querySelector(".w-slider");
      if (target !== slider) slider.value = String(toSlider(param, value));
      slider.setAttribute("aria-valuetext", withUnit(param, value));
    }
    if (this.values[name] === value) return;
    // A limit lowered below what it bounds pulls that value down, with a note. While
    // the reader is still typing the limit ("5" on the way to "5000"), wait for the
    // finished number (a commit or a pause) rather than clamp to a passing one.
    const ruled = applyRules(this.spec, { ...this.values, [name]: value });
    if (ruled.changed.length && !committed && !bySlider) {
      this.afterPause(name, target);
      return;
    }
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
        // A value the rules moved replaces what was typed there, and its message.
        if (this.invalid.has(name)) this.form.elements.namedItem(name).value = String(this.values[name]);
        this.releaseInvalid(name);
        this.showValue(name, this.values[name]);
      }
      // The build renders a bounded field's note region, empty (widget_html.py): a
      // live region made and filled at once is seldom heard.
      const text = ruled.notices[ruled.changed.indexOf(name)] || "";
      const note = this.field(name).querySelector(".w-rule-note");
      if (note && note.textContent !== text) note.textContent = text;
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
      // The button hides itself: focus, if it had it, goes to the status line that
      // tells how the retry goes, not to the page's start.
      const focused = document.activeElement === this.retryButton;
      this.retryButton.hidden = true;
      if (focused) this.status.closest(".w-status").focus();
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
    this.pulseMoves = true;
    this.values = ruled.values;
    for (const name of [...this.invalid.keys()]) {
      this.form.elements.namedItem(name).value = String(this.values[name]); // the step's value wins
      this.releaseInvalid(name);
    }
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
    this.waitsForReader = false;
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
    if (this.waitsForReader) {
      this.rememberInUrl();
      this.markStale();
      this.setStatus(waitingStatus(this.root.dataset.startSize, this.differsFromStatic()));
      return;
    }
    this.activated = true;
    this.rememberInUrl();
    // A change while Python is still starting: its results come later, and the status
    // says so (the results shown are dimmed as stale meanwhile).
    if (this.root.dataset.state === "loading" && this.root.dataset.stage && runtime.stage !== "ready") {
      this.setStatus(this.startingText(this.root.dataset.stage));
    }
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.recompute();
    });
  }

  setState(state) {
    this.root.dataset.state = state;
    if (state !== "loading") this.endQuick();
  }

  endQuick() {
    clearTimeout(this.quickTimer);
    clearTimeout(this.slowTimer);
    this.quickTimer = undefined;
    this.slowTimer = undefined;
    this.root.classList.remove("w-quick");
  }

  async recompute() {
    if (this.disposed) return;
    const generation = ++this.generation;
    const values = this.values;
    if (runtime.stage === "ready") this.awaitPython();
    try {
      const reply = await runtime.request(
        this.key,
        { kind: "run", widget: this.spec.name, params: values },
        { timeoutMs: RUN_TIMEOUT_MS },
      );
      if (generation !== this.generation || this.disposed) return;
      if (!reply.ok && reply.internal) {
        this.showModelFailure(reply);
        return;
      }
      if (!reply.ok) {
        // The browser checks as Python does, so this should not happen; if it does, the
        // message goes where typing messages go, in the reader's labels.
        const name = reply.param in this.values ? reply.param : this.spec.params[0].name;
        const detail = String(reply.error).replace(/^[^:]*: /, "");
        this.rejected = { name, text: `${this.byName.get(name).label} ${detail}.` };
        this.showMessages();
        this.setState("error");
        this.setStatus("Python did not accept these inputs: see the message by the field.");
        return;
      }
      if (this.rejected) {
        this.rejected = null;
        this.showMessages();
      }
      // Set before the new drawing goes in, so only a step's drawing starts the pulse.
      this.root.classList.toggle("w-animate-moves", this.pulseMoves);
      this.pulseMoves = false;
      if (this.applyView(reply.view)) this.announcer.soon();
      this.root.classList.remove("w-stale");
      this.setState("ready");
      this.setStatus("Live: Python in your browser computed these results.");
      runtime.rehearse(this.spec.name, { ...this.values }, RUN_TIMEOUT_MS);
      runtime.warm(this.spec.name, this.spec.warm_steps);
      for (const button of this.root.querySelectorAll(".w-action")) button.disabled = false;
    } catch (error) {
      if (error.superseded || generation !== this.generation || this.disposed) return;
      this.setState("error");
      if (error.name === "TimeoutError" || error instanceof Error && /stopped after/.test(error.message)) {
        this.setStatus(`That computation took too long (${error.message}) and was stopped. Change an input to try again.`);
      } else {
        this.showFailure(error.message);
      }
    }
  }

  /** Show Python's view; true if a result's text changed. */
  applyView(view) {
    let changed = false;
    for (const output of view.outputs) {
      const node = this.root.querySelector(`[data-output="${CSS.escape(output.name)}"]`);
      if (!node) continue;
      if (node.dataset.value !== output.value) node.dataset.value = output.value;
      if (node.textContent !== output.text) {
        node.textContent = output.text;
        changed = true;
      }
    }
    this.root.querySelector(".w-summary").textContent = view.summary;
    this.showFigures(view.figures);
    if (view.notes_html !== this.shownNotes) {
      this.root.querySelector(".w-notes").innerHTML = view.notes_html; // built by our Python from escaped text
      this.shownNotes = view.notes_html;
    }
    return changed;
  }

  // Only the figures whose markup changed are parsed and laid out again: dragging
  // `keys` in reshard redraws its 11 kB bar chart, not the 49 kB of key maps beside it.
  showFigures(figures) {
    const region = this.root.querySelector(".w-figures");
    const shown = this.shownFigures;
    if (shown && shown.length === figures.length && region.children.length === figures.length) {
      figures.forEach((html, i) => {
        if (html !== shown[i]) region.children[i].outerHTML = html; // built by our Python from validated numbers
      });
    } else {
      region.innerHTML = figures.join("");
    }
    this.shownFigures = figures;
  }

  /**
   * An action's results (a simulation) are for the inputs it ran with: once the inputs
   * differ, they are framed under a note, heard once, that says so and how to run it again;
   * back at those inputs, the note goes.
   */
  showActionAge() {
    const run = this.actionRun;
    if (!run) return;
    const region = this.root.querySelector(".w-action-result");
    const stale = this.spec.params.some((p) => this.values[p.name] !== run.values[p.name]);
    if (stale === region.classList.contains("w-action-stale")) return;
    region.classList.toggle("w-action-stale", stale);
    region.querySelector(".w-action-age")?.remove();
    if (!stale) return;
    const note = document.createElement("p");
    note.className = "w-action-age";
    note.textContent = `${run.label}: these results are for the inputs before your change; press "${run.label}" to run it again.`;
    region.prepend(note);
  }

  async runAction(button) {
    // aria-disabled, not disabled: a disabled button loses the focus it has (to the
    // page's start), and the reader pressed it from the keyboard.
    if (button.getAttribute("aria-disabled") === "true") return;
    const region = this.root.querySelector(".w-action-result");
    region.hidden = false;
    if (this.waitsForReader) {
      region.textContent = `${button.textContent} runs in Python, which waits for you: press "Start Python" first.`;
      return;
    }
    region.textContent = `${button.textContent}: running in Python…`;
    region.classList.remove("w-action-stale");
    this.actionRun = null;
    button.setAttribute("aria-disabled", "true");
    const values = this.values;
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
      // Each result under the label the action declares (spec.py Action.outputs).
      const declared = this.spec.actions.find((a) => a.key === button.dataset.action)?.outputs ?? [];
      const labels = new Map(declared.map((o) => [o.name, o.label]));
      for (const output of reply.view.outputs) {
        const row = document.createElement("div");
        row.className = "w-output";
        const term = document.createElement("dt");
        term.textContent = labels.get(output.name) ?? output.name.replace(/_/g, " ");
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
      region.insertAdjacentHTML("beforeend", reply.view.figures.join(""));
      this.actionRun = { label: button.textContent, values };
      this.showActionAge(); // the inputs may have changed while it ran
    } catch (error) {
      region.textContent = `${button.textContent} failed: ${error.message}.`;
    } finally {
      button.removeAttribute("aria-disabled");
    }
  }

  /** The widget's model raised (a bug in it, runtime.py `_failure`): said as such, not
   * as a fault of the reader's inputs, and logged with where it raised for its author. */
  showModelFailure(reply) {
    console.error(`live-widgets: ${this.spec.name}: ${reply.error}${reply.at ? ` (at ${reply.at})` : ""}`);
    if (this.rejected) {
      this.rejected = null;
      this.showMessages();
    }
    const what = reply.what ?? reply.error;
    this.setState("error");
    this.setStatus(
      `This widget's model failed for these inputs (${what}): a bug in the widget, not a ` +
        "mistake in your inputs. The results shown are not for these inputs; other values may work.",
    );
  }

  /** Python failed: why (one sentence, whichever path reports it first), and Retry. */
  showFailure(reason) {
    const why = String(reason ?? "").trim();
    const sentence = !why || /[.!?…]$/.test(why) ? why : `${why}.`;
    this.setStatus(`${STAGES.error} ${sentence} The results shown were computed when the page was built.`.replace(/ {2}/g, " "));
    this.retryButton.hidden = false;
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
      this.showFailure(detail);
      return;
    }
    if (this.root.dataset.state !== "ready") {
      this.setState("loading");
      this.setStatus(this.startingText(stage));
      this.root.dataset.stage = stage;
    }
  }

  /**
   * While Python starts: the stage, and whose settings the results shown are for. Pyodide
   * begins setting itself up while most of its bytes are still on the way; until they
   * are all here the words say "Downloading", as the progress line under them does.
   */
  startingText(stage) {
    const shown = this.differsFromStatic()
      ? "The results shown are still for this page's own settings; yours follow once it is ready."
      : "Until then you see results computed when the page was built.";
    const said = stage === "starting" && downloadText(runtime.download) ? "downloading" : stage;
    return `${STAGES[said] || said} ${shown}`;
  }

  queryString() {
    return writeQuery(this.spec, this.values);
  }

  /**
   * On a chapter: the page's address with this widget's changes (from the values the
   * chapter's block set), under its own key, and `hash` (default: none).
   */
  chapterUrl(hash = "") {
    const query = writeQuery(this.spec, this.values, this.staticValues);
    const url = new URL(withChapterQuery(window.location.href, this.chapterKey, query));
    url.hash = hash;
    return url.href;
  }

  /**
   * Keep a chapter widget's changes in the address, so a reload (or a shared link)
   * brings them back. replaceState: a change is not a step the Back button replays.
   */
  rememberInUrl() {
    if (!this.chapterKey || this.disposed || !this.root.isConnected) return;
    if (window.location.pathname !== this.pagePath) return; // instant navigation moved on
    const href = this.chapterUrl(window.location.hash);
    if (href !== window.location.href) window.history.replaceState(window.history.state, "", href);
  }

  dispose() {
    this.disposed = true;
    this.endQuick();
    this.announcer.cancel();
    this.stopQuiet();
    for (const name of [...this.pauses.keys()]) this.clearPause(name);
    this.unsubscribe?.();
  }
}
