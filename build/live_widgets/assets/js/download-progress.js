// Python's download, shown under a widget's status while it starts: a <progress> bar
// and "3.2 of 20.8 MB downloaded, about 15 s left". It is not a live region (the
// status above announces each stage once); the bar's value is there for anyone who
// looks. Removed as soon as nothing is left to download or the start ends.
import { downloadText } from "./runtime.js";

/** Show `download` ({got, expected, secondsLeft}) under `root`'s status, or remove it (null). */
export function showDownload(root, download) {
  let line = root.querySelector(".w-download");
  const text = download ? downloadText(download) : "";
  if (!text) {
    line?.remove();
    return;
  }
  if (!line) {
    line = document.createElement("p");
    line.className = "w-download";
    const bar = document.createElement("progress");
    bar.setAttribute("aria-label", "Python download");
    const words = document.createElement("span");
    line.append(bar, words);
    root.querySelector(".w-status")?.after(line);
  }
  const [bar, words] = line.children;
  bar.max = download.expected;
  bar.value = download.got;
  if (words.textContent !== text) words.textContent = text;
}
