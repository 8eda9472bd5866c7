// The embed guide, when the book was built without a public address (site_url
// missing, or the build machine's own): its snippets carry a placeholder address,
// and this puts in the one the reader has the book at. Every page loads it; it does
// nothing on pages without the marker that embed_guide.py writes.

function rewrite() {
  const marker = document.querySelector("[data-site-root][data-placeholder]");
  if (!marker) return;
  const placeholder = marker.dataset.placeholder;
  const root = new URL(marker.dataset.siteRoot, window.location.href).href;
  for (const code of document.querySelectorAll("pre code")) {
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeValue.includes(placeholder)) node.nodeValue = node.nodeValue.replaceAll(placeholder, root);
    }
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => rewrite());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", rewrite);
} else {
  rewrite();
}
