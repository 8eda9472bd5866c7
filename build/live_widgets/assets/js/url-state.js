// A widget's state from its page's URL: params.js `readQuery` (Python's rules, word for
// word), plus what only a URL can do to it:
// - look parameters (`theme`, `compact`: embed.css) are the page's, not the widget's;
// - a parameter given several times uses its last valid value, and the notice about
//   the ones ignored says which value that is, not "the default";
// - notices are deduplicated (`?x=1` three thousand times is one line with a count)
//   and capped, so no URL can make a wall of text.

import { plain, readQuery } from "./params.js";

export const LOOK_PARAMS = ["theme", "compact"];
export const MAX_NOTICES = 8;

/** Identical notices once each, with a count; at most MAX_NOTICES, then a tally. */
export function summarise(notices) {
  const counts = new Map();
  for (const notice of notices) counts.set(notice, (counts.get(notice) || 0) + 1);
  const lines = [...counts].map(([notice, count]) =>
    count === 1 ? notice : notice.replace(/\.?$/, ` (${count.toLocaleString("en-US")} times).`),
  );
  if (lines.length <= MAX_NOTICES) return lines;
  const more = lines.length - MAX_NOTICES;
  return [...lines.slice(0, MAX_NOTICES), `…and ${more.toLocaleString("en-US")} more ignored.`];
}

export function readUrlState(spec, search, base) {
  const query = new URLSearchParams(search);
  const declared = new Set(spec.params.map((p) => p.name));
  for (const name of LOOK_PARAMS) if (!declared.has(name)) query.delete(name);
  const text = query.toString();
  const { values, notices } = readQuery(spec, text ? `?${text}` : "", base);
  const given = new Map();
  for (const name of query.keys()) given.set(name, (given.get(name) || 0) + 1);
  const ignored = new Map();
  for (const notice of notices) {
    const name = /^Ignored ([^:]+): /.exec(notice)?.[1];
    if (name) ignored.set(name, (ignored.get(name) || 0) + 1);
  }
  const fixed = notices.map((notice) => {
    const name = /^Ignored ([^:]+): .*; using the default\.$/s.exec(notice)?.[1];
    // Given more often than ignored: a valid value among them was used. Say which.
    if (!name || !declared.has(name) || (given.get(name) || 0) <= (ignored.get(name) || 0)) return notice;
    const param = spec.params.find((p) => p.name === name);
    const shown = param.kind === "choice" ? values[name] : plain(values[name]);
    return notice.replace(/using the default\.$/, `using ${shown}, its last valid value in the link.`);
  });
  return { values, notices: summarise(fixed) };
}

// ---- a chapter's widgets --------------------------------------------------------------
// A chapter may hold several widgets, the same one twice, and other query parameters
// (Material's search highlight, ?h=). Each widget keeps what the reader changed under
// its own key: its name, and for a second copy on the page its ordinal
// (?cache-hit-rate.cache_size=500&cache-hit-rate_2.keys=2000). Names, not block
// positions: a widget added elsewhere in the chapter leaves old links working.

/** The key of the widget `root` in its chapter's address. */
export function chapterKey(root) {
  const name = root.dataset.widget;
  const same = [...document.querySelectorAll("[data-widget]")].filter((node) => node.dataset.widget === name);
  const index = same.indexOf(root);
  return index > 0 ? `${name}_${index + 1}` : name;
}

/** The part of a page's query under `key`, as an embed page's query ("?cache_size=500"). */
export function chapterQuery(search, key) {
  const own = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(search)) {
    if (name.startsWith(`${key}.`)) own.append(name.slice(key.length + 1), value);
  }
  const text = own.toString();
  return text ? `?${text}` : "";
}

/** `href` with its part under `key` replaced by `query` (an embed-style query). */
export function withChapterQuery(href, key, query) {
  const url = new URL(href);
  const params = new URLSearchParams(url.search);
  for (const name of [...params.keys()]) if (name.startsWith(`${key}.`)) params.delete(name);
  for (const [name, value] of new URLSearchParams(query)) params.append(`${key}.${name}`, value);
  const text = params.toString();
  url.search = text ? `?${text}` : "";
  return url.href;
}
