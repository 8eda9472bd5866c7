// Mermaid's settings for this book, in one place: the pages use them for diagrams
// drawn in the reader's browser, and `make diagrams` (build/book_authoring/
// render_diagrams.py) for the diagrams drawn ahead of time.
export function mermaidConfig(theme) {
  // Dark edge labels: Mermaid's #585858 behind #ccc text is 4.4:1; #404040 is 6.5:1.
  const themeVariables = theme === "dark" ? { edgeLabelBackground: "#404040" } : {};
  // A fixed seed: Mermaid draws some shapes (the rounded "stadium" nodes) with random
  // wobble; seeded, the same source always gives the same drawing.
  return { startOnLoad: false, securityLevel: "strict", theme, themeVariables, handDrawnSeed: 1 };
}

/**
 * A drawing as one image, named by its accTitle and described by its accDescr. Mermaid
 * marks it a document, so a screen reader also read every label inside it, in the
 * order they happen to be drawn (a sequence diagram's actors twice, right to left).
 * Applied to the diagrams drawn ahead (render_diagrams.py) and to those drawn here.
 */
export function asImage(svg) {
  svg.setAttribute("role", "img");
  svg.removeAttribute("aria-roledescription");
}
