// "Share": a link to the widget's current state (on a chapter, the chapter's address,
// which keeps it: controller.js rememberInUrl) and an iframe snippet for courses.
// The snippet sizes the frame from the height the embed page posts to its parent.

const HEIGHT_MESSAGE = "live-widgets:height";

export function iframeSnippet(url, title) {
  const safeTitle = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return [
    `<iframe src="${url}" title="${safeTitle}" width="100%" height="900" loading="lazy" style="border:0;max-width:100%"></iframe>`,
    `<script>addEventListener("message",function(e){var d=e.data;if(d&&d.type==="${HEIGHT_MESSAGE}"){for(const f of document.querySelectorAll("iframe")){if(f.contentWindow===e.source){f.style.height=d.height+"px";}}}});</script>`,
  ].join("\n");
}

export function setupShare(controller) {
  const root = controller.root;
  const toggle = root.querySelector(".w-share-toggle");
  const panel = root.querySelector(".w-share");
  const link = root.querySelector(".w-share-link");
  const snippet = root.querySelector(".w-share-iframe");
  const copied = root.querySelector(".w-copied");

  const open = root.querySelector(".w-open-embed");
  /** The embed page with the widget's current settings. */
  const stateUrl = () => {
    const embed = new URL(root.dataset.embed, window.location.href);
    embed.search = controller.queryString();
    embed.hash = "";
    return embed.href;
  };
  // On a chapter, the link is the chapter itself with these settings (they are kept in
  // its address), scrolled to this widget; the iframe snippet is the embed page's.
  const refresh = () => {
    const url = stateUrl();
    link.value = controller.chapterKey ? controller.chapterUrl(`#${root.id}`) : url;
    if (snippet) snippet.value = iframeSnippet(url, controller.spec.title); // none without embed pages
  };
  // "Open on its own page" carries the current settings too: its address is brought
  // up to date whenever they change, and again just before it is followed.
  const refreshOpen = () => {
    if (open && root.dataset.embed) open.href = stateUrl();
  };
  for (const type of ["pointerdown", "focus", "mouseenter", "click", "auxclick", "contextmenu"]) {
    open?.addEventListener(type, refreshOpen);
  }
  new MutationObserver(() => {
    refreshOpen();
    if (!panel.hidden) refresh();
  }).observe(root, { attributes: true, attributeFilter: ["data-state"] });
  // Inside a frame, a link that replaced the frame would leave the reader stranded in
  // a small box of the course page: it opens a new tab instead.
  if (window.parent !== window) {
    for (const anchor of root.querySelectorAll(".w-open-embed, .w-sources a")) {
      anchor.target = "_blank";
      anchor.rel = "noopener";
    }
  }

  toggle.addEventListener("click", () => {
    const open = panel.hidden;
    if (open) refresh();
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  });
  // Escape, from the button or inside the panel, closes it and gives the focus back to
  // the button.
  for (const element of [toggle, panel]) {
    element.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || panel.hidden) return;
      event.preventDefault();
      panel.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    });
  }
  for (const type of ["input", "change"]) {
    controller.form.addEventListener(type, () => {
      refreshOpen();
      if (!panel.hidden) refresh();
    });
  }
  for (const button of root.querySelectorAll(".w-copy")) {
    button.addEventListener("click", async () => {
      const field = root.querySelector(`#${CSS.escape(button.dataset.copy)}`);
      refresh();
      try {
        await navigator.clipboard.writeText(field.value);
        copied.textContent = "Copied.";
      } catch {
        field.select();
        copied.textContent = "Selected: press Ctrl+C (or ⌘C) to copy.";
      }
    });
  }
}

/** On an embed page: tell the framing page how tall we are, whenever it changes. */
export function reportHeight() {
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
