// Entry point on every page: finds widgets and brings them to life.
// Pages without widgets never start Python. With widgets, Python starts once the page
// has painted (or when a widget comes near the viewport, if that is sooner); on an
// embed page (the widget is the whole page), at once. A reader who saves data starts
// it with a button (data-saver.js).
import { WidgetController } from "./controller.js";
import { offerStart } from "./data-saver.js";
import { runtime } from "./runtime.js";
import { savingData } from "./saving-data.js";
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
  if (savingData() && runtime.stage === "idle") {
    // Python waits for the reader's click (the widgets are ready for it meanwhile).
    for (const root of roots) {
      root.setAttribute("data-hydrated", "true");
      controllers.add(new WidgetController(root, { urlState: embedded, waitForReader: true }));
    }
    offerStart(roots, activateAll);
    return;
  }
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
  // A chapter: Python starts as soon as the page has painted, not when the browser
  // is idle (Mermaid keeps this thread busy for a while, and Python's start runs in
  // its worker, on another core): readers arrive on chapters, not on embeds.
  requestAnimationFrame(() => setTimeout(activateAll, 0));
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

// On a page with a widget, Material's search index waits until Python has answered
// or failed (build/live_widgets/search_later.py): building it takes a core a while.
const releaseSearch = window.__liveWidgetsReleaseSearch;
if (releaseSearch) runtime.firstAnswer.then(releaseSearch);

// Offline reading: after the page has loaded (and Python has started, if it is starting),
// a service worker keeps the site (offline.js). Silent wherever it is unavailable.
const keepOffline = () => import("./offline.js").then((m) => m.keepOffline(runtime)).catch(() => {});
if (document.readyState === "complete") keepOffline();
else window.addEventListener("load", keepOffline, { once: true });
