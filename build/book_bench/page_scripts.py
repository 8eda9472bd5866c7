"""Scripts the benchmark runs in the page to time input changes (one shared wait)."""

from __future__ import annotations

# Inside a script whose argument has `name`: the widget, its input called `name`, and
# a promise of the moment `root` next settles: performance.now() when its data-state
# becomes "ready", NaN if "error". Replies to older values are dropped by the widget,
# so after a change the next "ready" is that change's result.
_NEXT_SETTLED = """
const nextSettled = (root) => new Promise((resolve) => {
  const observer = new MutationObserver(() => {
    const state = root.dataset.state;
    if (state === "ready" || state === "error") {
      observer.disconnect();
      resolve(state === "ready" ? performance.now() : NaN);
    }
  });
  observer.observe(root, { attributes: true, attributeFilter: ["data-state"] });
});
const root = document.querySelector("[data-widget]");
const input = root.querySelector(`[name="${name}"]`);
"""

# Change one input `changes` times, alternating between `values`; time each change
# from the input event to the widget's data-state returning to "ready".
INPUT_LATENCY = (
    "async ({ name, values, changes }) => {"
    + _NEXT_SETTLED
    + """
  const times = [];
  for (let i = 0; i < changes; i++) {
    const done = nextSettled(root);
    input.value = String(values[i % values.length]);
    const start = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    times.push((await done) - start);
    // Let the page paint before the next change, as between two real key presses.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  return times;
}"""
)

# A drag: `steps` input events one animation frame apart (about 60 per second), then
# the time from the last one to the result for the last value.
DRAG_LATENCY = (
    "async ({ name, values, steps }) => {"
    + _NEXT_SETTLED
    + """
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 0; i < steps - 1; i++) {
    input.value = String(values[i % values.length]);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await frame();
  }
  const done = nextSettled(root);
  input.value = String(values[(steps - 1) % values.length]);
  const start = performance.now();
  input.dispatchEvent(new Event("input", { bubbles: true }));
  return (await done) - start;
}"""
)

# The book's runtime has nothing left to do, its background work (rehearsals, warm-ups)
# included: the moment a reader who reads before touching a widget meets it.
SETTLED = "() => window.__liveWidgets.runtime.settled"
