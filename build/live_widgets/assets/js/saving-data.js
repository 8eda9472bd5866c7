// Whether the reader saves data: Save-Data on, or a 2G-class connection. The one place
// this is decided. Pages (boot.js, offline.js) and Python's worker import it; the
// two classic scripts that cannot import (an embed page's inline early start, and the
// service worker) get its return expression copied in by the build
// (live_widgets/saving_data.py), so keep the body a single `return <expression>;`.
// `navigator` is the page's or, in a worker, the worker's: both have `connection`.
export function savingData() {
  return navigator.connection?.saveData === true || /(^|-)2g$/.test(navigator.connection?.effectiveType ?? "");
}
