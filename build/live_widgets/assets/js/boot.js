// Entry point on every page: finds widgets and brings them to life.
// Pages without widgets never start Python. With widgets, Python starts when the
// first one comes near the viewport, or when the browser is idle; on an embed page
// (the widget is the whole page), at once.
import { WidgetController } from "./controller.js";
import { runtime } from "./runtime.js";
import { reportHeight } from "./share.js";

const controllers = new Set();
let observer = null;

function activateAll() {
  for (const controller of controllers) controller.activate();
}

function hydrate() {
  for (const controller of controllers) {
    if (!controller.root.isConnected) {
      controller.dispose();
      controllers.delete(controller);
    }
  }
  const roots = [...document.querySelectorAll("[data-widget]:not([data-hydrated])")];
  if (roots.length === 0) return;
  const embedded = document.body.classList.contains("w-embed-page");
  observer?.disconnect();
  observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        activateAll();
      }
    },
    { rootMargin: "400px 0px" },
  );
  for (const root of roots) {
    root.setAttribute("data-hydrated", "true");
    controllers.add(new WidgetController(root, { urlState: embedded }));
    observer.observe(root);
  }
  // An embed page is the widget: nothing else competes, so start Python at once.
  if (embedded) {
    activateAll();
    return;
  }
  const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 1500));
  idle(() => activateAll(), { timeout: 4000 });
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => hydrate());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", hydrate);
} else {
  hydrate();
}

if (document.body.classList.contains("w-embed-page")) reportHeight();

// For tests and the benchmark: how many Python workers this tab has started.
window.__liveWidgets = { runtime };
