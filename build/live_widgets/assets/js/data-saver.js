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

/**
 * Put a "Start Python" button in each widget's status; the first click on any of them
 * calls `start` (all widgets of the page share one Python) and removes them all.
 */
export async function offerStart(roots, start) {
  const bytes = await downloadBytes();
  if (runtime.stage !== "idle") return; // started meanwhile (a change to an input does that)
  const size = bytes ? `about ${Math.round(bytes / 1e6)} MB` : "Python's files";
  const buttons = [];
  const begin = () => start();
  for (const root of roots) {
    const status = root.querySelector(".w-status-text");
    if (!status) continue;
    status.textContent = `Showing results computed when this page was built. Your browser asks to save data, so Python (${size}) waits for you.`;
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
    for (const button of buttons) button.remove();
    queueMicrotask(() => stopListening());
  });
}
