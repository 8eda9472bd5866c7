// What a screen reader hears when a widget's results change: one polite line with each
// result's label and value ("Hit rate: 58.9%. Database reads: 411 reads/s. ..."),
// said once the results have stopped changing for ANNOUNCE_AFTER_MS. The
// results grid itself is not a live region: it would read out each new value alone,
// without its label, at every step of a slider.
//
// The region (widget_html.py, class w-announce) is in the page from the start, empty:
// a live region must exist before it speaks. Once said, the line is taken out again
// (CLEAR_AFTER_MS): left in, a screen reader reading down the page heard the results
// three times, in the grid, in this line and in the summary.

// Long enough to let a reader who taps an arrow key a few times hear the slider's own
// value at each tap and the results once, after the last.
export const ANNOUNCE_AFTER_MS = 700;

// Screen readers take the text of a live region when it changes and speak it whole;
// emptying the region later does not cut them short, and an emptied region says nothing.
export const CLEAR_AFTER_MS = 5000;

/** The results on show as one line: "Label: value." for each, in the grid's order. */
export function resultsLine(results) {
  return [...results.querySelectorAll(".w-output")]
    .map((row) => {
      const label = row.querySelector("dt")?.textContent.trim() ?? "";
      const value = row.querySelector("dd")?.textContent.trim() ?? "";
      return `${label}: ${value}.`;
    })
    .join(" ");
}

export class Announcer {
  constructor(region, results) {
    this.region = region;
    this.results = results;
    this.timer = undefined;
    this.clearing = undefined;
  }

  /** Say the results once they have been still for ANNOUNCE_AFTER_MS. */
  soon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.say(), ANNOUNCE_AFTER_MS);
  }

  say() {
    this.timer = undefined;
    const line = resultsLine(this.results);
    if (this.region.textContent !== line) this.region.textContent = line;
    clearTimeout(this.clearing);
    this.clearing = setTimeout(() => {
      this.clearing = undefined;
      this.region.textContent = "";
    }, CLEAR_AFTER_MS);
  }

  cancel() {
    clearTimeout(this.timer);
    clearTimeout(this.clearing);
    this.timer = undefined;
    this.clearing = undefined;
  }
}

/**
 * Keep `region` (the widget's status, a polite live region) quiet while `root` is off
 * the screen: a widget far down a chapter would otherwise talk over the text being
 * read with "Downloading Python…", "Starting Python…", "Live…". Its text stays
 * current for anyone who reaches it; it speaks again once the widget is in view or
 * holds the focus. Returns a function that stops watching.
 */
export function quietOffScreen(region, root) {
  if (typeof IntersectionObserver !== "function") return () => {};
  // Read now, not at the observer's first report (a frame later): a widget in view
  // when the page opens says its first stage ("Downloading Python…") too.
  const box = root.getBoundingClientRect();
  let seen = box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
  let focused = false;
  const update = () => region.setAttribute("aria-live", seen || focused ? "polite" : "off");
  const observer = new IntersectionObserver((entries) => {
    seen = entries.at(-1).isIntersecting;
    update();
  });
  const focusIn = () => {
    focused = true;
    update();
  };
  const focusOut = (event) => {
    focused = root.contains(event.relatedTarget);
    update();
  };
  update();
  observer.observe(root);
  root.addEventListener("focusin", focusIn);
  root.addEventListener("focusout", focusOut);
  return () => {
    observer.disconnect();
    root.removeEventListener("focusin", focusIn);
    root.removeEventListener("focusout", focusOut);
  };
}
