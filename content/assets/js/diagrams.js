// Draws the diagrams that were not drawn ahead of time (`make diagrams` draws them all;
// one whose source changed since is left to this module) with the site's own copy of
// Mermaid, which is only fetched when such a diagram is on the page. It draws them on
// every page Material shows, including after instant navigation, and again when the
// reader switches palette. Diagrams drawn ahead need no script: CSS shows the drawing
// that matches the palette.
import { asImage, mermaidConfig } from "./diagram-config.js";

let mermaidModule = null;
const loadMermaid = () =>
  (mermaidModule ??= import("../vendor/mermaid/mermaid.esm.min.mjs").then((m) => m.default));

const SELECTOR = "div.mermaid";

function currentTheme() {
  const scheme = document.body?.getAttribute("data-md-color-scheme");
  return scheme === "slate" ? "dark" : "default";
}

async function renderAll() {
  const nodes = [...document.querySelectorAll(SELECTOR)];
  if (nodes.length === 0) return;
  for (const node of nodes) {
    // Keep the source so a palette switch can render the diagram again.
    if (node.dataset.source === undefined) node.dataset.source = node.textContent;
  }
  const mermaid = await loadMermaid();
  mermaid.initialize(mermaidConfig(currentTheme()));
  const pending = nodes.filter((node) => !node.hasAttribute("data-processed"));
  if (pending.length === 0) return;
  try {
    await mermaid.run({ nodes: pending, suppressErrors: false });
  } catch (error) {
    console.warn("A diagram could not be rendered:", error);
  }
  for (const node of pending) {
    const drawing = node.querySelector("svg");
    if (drawing) asImage(drawing);
    node.closest("figure")?.setAttribute("data-rendered", "true");
  }
}

function rerenderForPalette() {
  for (const node of document.querySelectorAll(SELECTOR)) {
    if (node.dataset.source === undefined) continue;
    node.removeAttribute("data-processed");
    node.textContent = node.dataset.source;
  }
  renderAll();
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => renderAll());
} else {
  renderAll();
}

new MutationObserver(rerenderForPalette).observe(document.body, {
  attributes: true,
  attributeFilter: ["data-md-color-scheme"],
});
