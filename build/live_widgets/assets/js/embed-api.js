// The embed contract, version 1: what an embed page tells the page that frames it,
// and what it accepts from it (content/embed-guide.md, "Talking to the widget from
// your page", documents it for course authors).
//
// Out (to window.parent):  live-widgets:ready, :change, :state, :error (and :height, share.js)
// In (from window.parent): live-widgets:set {params}, live-widgets:get
//
// Messages are data, never code: nothing received is evaluated or inserted as HTML.
// `set` is checked against the widget's declared parameters with the URL's rules
// (params.js `coerce`), all or nothing, then applied the way a reader's committed
// typing is (leaving the box): through the form, so the widget recomputes as usual.

import { ParamError, coerce, ruleError } from "./params.js";

export const VERSION = 1;
const PREFIX = "live-widgets:";
const MAX_ID_LENGTH = 100;

/** The widget's current settings, as the form shows them. */
function currentParams(root, spec) {
  const form = root.querySelector(".w-form");
  const params = {};
  for (const param of spec.params) {
    const input = form.elements.namedItem(param.name);
    params[param.name] = param.kind === "choice" ? input.value : Number(input.value);
  }
  return params;
}

/** Each output's machine value (a number where it is one) and its text. */
function currentOutputs(root) {
  const outputs = {};
  for (const node of root.querySelectorAll(".w-outputs [data-output]")) {
    const raw = node.dataset.value;
    const number = raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : null;
    outputs[node.dataset.output] = { value: number ?? raw, text: node.textContent };
  }
  return outputs;
}

/**
 * The checked values of a `set` message, or an error message saying what is wrong.
 * With the widget's `current` values, a value set above its limit (cache size above
 * the keys, say) is refused, as typing it is; a limit set lower pulls what it bounds
 * down, as the URL and the form do.
 */
export function checkSet(spec, params, current = {}) {
  if (!params || typeof params !== "object" || Array.isArray(params)) {
    return { error: "params must be an object of parameter names and values" };
  }
  const byName = new Map(spec.params.map((p) => [p.name, p]));
  const values = {};
  const problems = [];
  for (const [name, raw] of Object.entries(params)) {
    const param = byName.get(name);
    if (!param) {
      problems.push(`unknown parameter '${String(name).slice(0, 40)}'`);
      continue;
    }
    if (typeof raw !== "string" && !(typeof raw === "number" && Number.isFinite(raw))) {
      problems.push(`${name}: give a number or a string`);
      continue;
    }
    try {
      values[name] = coerce(param, String(raw));
    } catch (error) {
      if (!(error instanceof ParamError)) throw error;
      problems.push(error.message);
    }
  }
  const merged = { ...current, ...values };
  for (const name of Object.keys(values)) {
    const broken = ruleError(spec, merged, name);
    if (broken) problems.push(broken);
  }
  if (problems.length) return { error: `nothing changed: ${problems.slice(0, 5).join("; ")}` };
  return { values };
}

/**
 * Apply checked values as a reader would: through the form's controls and their events.
 * A `change`, not an `input`: a value from the host is finished, not half-typed, so
 * controller.js applies it (and any limit it lowers) at once, without the typing pause.
 */
function apply(root, spec, values) {
  const form = root.querySelector(".w-form");
  for (const param of spec.params) {
    if (!(param.name in values)) continue;
    const input = form.elements.namedItem(param.name);
    input.value = String(values[param.name]);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

export function setupEmbedApi(root) {
  if (window.parent === window || !root) return;
  const spec = JSON.parse(root.dataset.spec);
  const post = (type, fields) => window.parent.postMessage({ type: PREFIX + type, version: VERSION, ...fields }, "*");
  // Outputs shown for other settings (the build's, before Python computes the URL's, or
  // the last ones while a recompute runs: controller.js marks them stale) are not these
  // settings' outputs: `null` says so, rather than pair them with `params`.
  const snapshot = () => ({
    widget: spec.name,
    params: currentParams(root, spec),
    outputs: root.classList.contains("w-stale") ? null : currentOutputs(root),
    live: root.dataset.state === "ready",
  });

  // `change`: each time Python has shown results for settings it had not shown yet,
  // with the `id` of the latest `set` applied since the last one (its answer).
  let lastChange = "";
  let setId;
  const observer = new MutationObserver(() => {
    if (root.dataset.state === "error" && setId !== undefined) {
      // The `set` cannot be answered with results (the model failed for its values, or
      // Python could not start): its answer is the widget's own sentence saying why.
      post("error", { id: setId, error: root.querySelector(".w-status-text")?.textContent ?? "" });
      setId = undefined;
      return;
    }
    if (root.dataset.state !== "ready") return;
    const state = snapshot();
    const key = JSON.stringify([state.params, state.outputs]);
    if (key === lastChange) return;
    lastChange = key;
    post("change", setId === undefined ? state : { id: setId, ...state });
    setId = undefined;
  });
  observer.observe(root, { attributes: true, attributeFilter: ["data-state"] });

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return; // only the framing page may drive the widget
    const message = event.data;
    if (!message || typeof message !== "object" || typeof message.type !== "string") return;
    if (!message.type.startsWith(PREFIX)) return; // someone else's protocol: not ours to answer
    const id = typeof message.id === "string" || typeof message.id === "number" ? String(message.id).slice(0, MAX_ID_LENGTH) : undefined;
    const refuse = (error) => post("error", { id, error });
    if (message.version !== VERSION) {
      refuse(`unsupported version ${JSON.stringify(message.version)?.slice(0, 20)}; this frame speaks version ${VERSION}`);
      return;
    }
    const type = message.type.slice(PREFIX.length);
    if (type === "get") {
      post("state", { id, ...snapshot() });
    } else if (type === "set") {
      const current = currentParams(root, spec);
      const checked = checkSet(spec, message.params, current);
      if (checked.error) {
        refuse(checked.error);
      } else if (Object.entries(checked.values).every(([name, value]) => current[name] === value)) {
        post("state", { id, ...snapshot() }); // nothing to recompute: the answer is now
      } else {
        setId = id;
        apply(root, spec, checked.values);
      }
    } else if (!["ready", "change", "state", "error", "height"].includes(type)) {
      refuse(`unknown message type '${message.type.slice(0, 60)}'`);
    }
  });
  post("ready", snapshot());
}

setupEmbedApi(document.querySelector(".w-embed-page [data-widget]"));
