// Embed pages only, a classic script (it loads where module scripts cannot): when the
// widget's modules fail to load, say why and how to fix it, show the settings the
// URL asks for, and still tell the framing page the frame's height, and why it cannot
// answer the message contract (embed-api.js, which did not load either).
//
// The usual cause is a frame with sandbox="allow-scripts" but not allow-same-origin:
// its page has an opaque origin, so the browser fetches module scripts with CORS,
// and a host that does not send Access-Control-Allow-Origin gets all of them refused.
// Classic scripts are not fetched with CORS, which is why this one still runs.
(() => {
  const HEIGHT_MESSAGE = "live-widgets:height";
  const PREFIX = "live-widgets:";
  const OWN_TYPES = ["ready", "change", "state", "error", "height"].map((type) => PREFIX + type);
  const blocked = window.__liveWidgetsBlocked || [];

  /** The URL's valid settings, checked against the declaration (numbers: range, whole). */
  function urlSettings(spec) {
    const query = new URLSearchParams(location.search);
    const settings = [];
    for (const param of spec.params) {
      if (!query.has(param.name)) continue;
      const raw = query.getAll(param.name).pop().trim();
      if (param.kind === "choice") {
        const value = raw.toLowerCase();
        const choice = param.choices.find((c) => c.value === value);
        if (choice) settings.push({ param, value, text: choice.label });
        continue;
      }
      const text = raw.replace(/[_,]/g, "");
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) continue;
      const value = Number(text);
      if (!Number.isFinite(value) || value < param.min || value > param.max) continue;
      if (param.kind === "int" && !Number.isInteger(value)) continue;
      settings.push({ param, value, text: `${value.toLocaleString("en-US")}${param.unit ? ` ${param.unit}` : ""}` });
    }
    return settings;
  }

  function reportHeight() {
    if (window.parent === window) return;
    let last = 0;
    const send = () => {
      // The body's own height, not the document's scrollHeight: that is never less than
      // the frame, so a frame made tall on a narrow screen would never shrink again.
      const body = document.body;
      const style = getComputedStyle(body);
      const margins = parseFloat(style.marginTop) + parseFloat(style.marginBottom);
      const height = Math.ceil(body.getBoundingClientRect().height + margins);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: HEIGHT_MESSAGE, height, widget: document.body.dataset.embedWidget }, "*");
    };
    new ResizeObserver(send).observe(document.body);
    send();
  }

  /**
   * The framing page learns that the widget cannot run here: one `error` now, and one
   * in answer to each message of the contract, with its `id`, so nothing waits forever.
   */
  function refuseMessages(reason) {
    if (window.parent === window) return;
    const error = `the widget cannot run in this frame: ${reason}`;
    const refuse = (id) => window.parent.postMessage({ type: PREFIX + "error", version: 1, id, error }, "*");
    addEventListener("message", (event) => {
      if (event.source !== window.parent) return;
      const message = event.data;
      if (!message || typeof message.type !== "string" || !message.type.startsWith(PREFIX)) return;
      if (OWN_TYPES.includes(message.type)) return;
      const id = typeof message.id === "string" || typeof message.id === "number" ? String(message.id).slice(0, 100) : undefined;
      refuse(id);
    });
    refuse(undefined);
  }

  function explain() {
    if (document.documentElement.dataset.liveWidgets === "blocked") return;
    document.documentElement.dataset.liveWidgets = "blocked";
    window.__liveWidgetsEarlyWorker?.worker?.terminate();
    const root = document.querySelector("[data-widget]");
    if (root) {
      root.dataset.state = "error";
      const sandboxed = window.origin === "null";
      const status = root.querySelector(".w-status-text");
      status.textContent = sandboxed
        ? "This widget cannot run here: its frame is sandboxed without allow-same-origin, and the site " +
          "that serves it does not send the Access-Control-Allow-Origin header its scripts then need. " +
          'To fix it, add allow-same-origin to the iframe\'s sandbox attribute (sandbox="allow-scripts ' +
          'allow-same-origin"), or serve the book with "Access-Control-Allow-Origin: *". '
        : "This widget cannot run here: its scripts did not load. Reload the page to try again. ";
      const settings = root.dataset.spec ? urlSettings(JSON.parse(root.dataset.spec)) : [];
      const form = root.querySelector(".w-form");
      for (const { param, value } of settings) {
        const input = form?.elements.namedItem(param.name);
        if (input) input.value = String(value);
      }
      for (const control of form?.querySelectorAll("input, select, button") ?? []) control.disabled = true;
      const notice = root.querySelector(".w-notice");
      const asked = settings.map(({ param, text }) => `${param.label}: ${text}`).join("; ");
      notice.textContent = asked
        ? `This link sets ${asked}. The results shown were computed when the book was built, for its default settings.`
        : "The results shown were computed when the book was built.";
      notice.hidden = false;
      for (const tools of root.querySelectorAll(".w-tools")) tools.hidden = true;
      refuseMessages(status.textContent.trim());
    }
    reportHeight();
  }

  if (blocked.length) explain();
  else addEventListener("live-widgets:blocked", explain, { once: true });
})();
