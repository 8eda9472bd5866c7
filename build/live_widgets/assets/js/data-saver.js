// Respect the reader's data: when the reader saves data (saving-data.js), Python
// (tens of MB) is not downloaded until the reader asks. Each widget then offers a
// button that says how much it will download; the build-time results stay in view.
import { runtime } from "./runtime.js";

/** The bytes a start downloads (written by the build beside this module), or null. */
async function downloadBytes() {
  try {
    const response = await fetch(new URL("./download.json", import.meta.url));
    return response.ok ? (await response.json()).bytes : null;
  } catch {
    return null;
  }
}

const UNKNOWN_SIZE = "Python's files"; // when download.json could not be read

/**
 * The status of a widget whose Python waits for the reader: `changed` once its inputs
 * differ from the settings the page was built with (the results shown are not theirs).
 */
export function waitingStatus(size, changed) {
  const why = `Your browser asks to save data, so Python (${size || UNKNOWN_SIZE}) waits for you.`;
  return changed
    ? `${why} The results shown are still for this page's own settings, not yours: start Python to compute yours.`
    : `Showing results computed when this page was built. ${why}`;
}

/**
 * Put a "Start Python" button in each widget's status; the first click on any of them
 * calls `start` (all widgets of the page share one Python) and removes them all. Until
 * then a change to an input downloads nothing (controller.js `waitsForReader`).
 */
export async function offerStart(roots, start) {
  const bytes = await downloadBytes();
  if (runtime.stage !== "idle") return; // started meanwhile (on another page, say)
  const size = bytes ? `about ${Math.round(bytes / 1e6)} MB` : UNKNOWN_SIZE;
  const buttons = [];
  const begin = () => start();
  for (const root of roots) {
    const status = root.querySelector(".w-status-text");
    if (!status) continue;
    root.dataset.startSize = size;
    status.textContent = waitingStatus(size, root.classList.contains("w-stale"));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "w-start md-button";
    button.textContent = `Start Python (downloads ${size})`;
    button.addEventListener("click", begin);
    status.after(button);
    buttons.push(button);
  }
  const stopListening = runtime.onChange((stage) => {
    if (stage === "idle") return;
    for (const button of buttons) {
      // As Retry does: focus goes to the status line that tells how the start goes,
      // not to the page's start (a screen reader would lose its place).
      if (document.activeElement === button) button.closest(".w-status")?.focus();
      button.remove();
    }
    queueMicrotask(() => stopListening());
  });
}
