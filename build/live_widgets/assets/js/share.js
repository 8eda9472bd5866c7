// "Share": a link to the widget's current state and an iframe snippet for courses.
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

  const refresh = () => {
    const embed = new URL(root.dataset.embed, window.location.href);
    embed.search = controller.queryString();
    embed.hash = "";
    link.value = embed.href;
    snippet.value = iframeSnippet(embed.href, controller.spec.title);
  };

  toggle.addEventListener("click", () => {
    const open = panel.hidden;
    if (open) refresh();
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  });
  controller.form.addEventListener("input", () => {
    if (!panel.hidden) refresh();
  });
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
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height, widget: document.body.dataset.embedWidget }, "*");
  };
  new ResizeObserver(send).observe(document.body);
  send();
}
