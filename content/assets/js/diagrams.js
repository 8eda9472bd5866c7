// Renders every Mermaid diagram with the site's own copy of Mermaid.
// mkdocs-mermaid2 marks the diagrams (div.mermaid) and initialises Mermaid with
// startOnLoad: false; this module renders them on every page Material shows,
// including after instant navigation, and again when the reader switches palette.
import mermaid from "../vendor/mermaid/mermaid.esm.min.mjs";

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
  const theme = currentTheme();
  // Dark edge labels: Mermaid's #585858 behind #ccc text is 4.4:1; #404040 is 6.5:1.
  const themeVariables = theme === "dark" ? { edgeLabelBackground: "#404040" } : {};
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme, themeVariables });
  const pending = nodes.filter((node) => !node.hasAttribute("data-processed"));
  if (pending.length === 0) return;
  try {
    await mermaid.run({ nodes: pending, suppressErrors: false });
  } catch (error) {
    console.warn("A diagram could not be rendered:", error);
  }
  for (const node of pending) node.closest("figure")?.setAttribute("data-rendered", "true");
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
