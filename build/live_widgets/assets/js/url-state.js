// A widget's state from its page's URL: params.js `readQuery` (Python's rules, word for
// word), plus what only a URL can do to it:
// - look parameters (`theme`, `compact`: embed.css) are the page's, not the widget's;
// - a notice about a refused value names the field as the reader sees it (its label,
//   with the name the link uses in brackets) and says which value is used instead,
//   with its unit: the last valid one in the link (a parameter given several times),
//   the value the chapter's block sets, or the default;
// - notices are deduplicated (`?x=1` three thousand times is one line with a count)
//   and capped, so no URL can make a wall of text.

import { coerce, readQuery, withUnit } from "./params.js";

/** The page's look parameters, each with the values it accepts: theme -> ["light", ...]. An
 * embed page declares them on its <html data-looks> (embed_look.py); a chapter has none. */
export function pageLooks(html) {
  try {
    const looks = JSON.parse(html?.dataset.looks || "[]");
    return new Map(looks.map(([name, pairs]) => [name, pairs.map(([value]) => value)]));
  } catch {
    return new Map();
  }
}
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

/** `value` as the reader sees it: a choice by its label, a number with its unit. */
function shownValue(param, value) {
  return param.kind === "choice" ? (param.choices.find((c) => c.value === value)?.label ?? value) : withUnit(param, value);
}

/**
 * The notice for a refused value of `name`: `used` is the value the widget keeps,
 * from the link (`fromLink`), else from `base` (a chapter's block, or the defaults).
 */
function refusedNotice(spec, { name, detail }, used, fromLink) {
  const param = spec.params.find((p) => p.name === name);
  const shown = shownValue(param, used);
  const start = `Ignored ${param.label} (${name}): ${detail}; using`;
  if (fromLink) return `${start} ${shown}, its last valid value in the link.`;
  if (used !== param.default) return `${start} the value this chapter sets, ${shown}.`;
  return `${start} the default, ${shown}.`;
}

/** A notice for each parameter given different valid values (a link edited by hand):
 * the last is used, as the notice says, rather than one of them silently. */
function repeatNotices(spec, query, chosen) {
  const notices = [];
  for (const param of spec.params) {
    const given = query.getAll(param.name);
    const valid = [];
    for (const raw of given) {
      try {
        valid.push(coerce(param, raw));
      } catch {
        // refused: its own notice says so
      }
    }
    if (new Set(valid).size < 2) continue;
    const shown = shownValue(param, chosen[param.name]);
    notices.push(
      `${param.label} (${param.name}) is in the link ${given.length} times, with different values; using the last valid one, ${shown}.`,
    );
  }
  return notices;
}

/** A notice for each look parameter in `query` with a value the page does not know. */
function lookNotices(query, looks) {
  const notices = [];
  for (const [name, allowed] of looks) {
    for (const value of query.getAll(name)) {
      if (allowed.includes(value)) continue;
      const shown = [...value].slice(0, 40).join("");
      const choices = allowed.length > 1 ? `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}` : allowed[0];
      notices.push(`Ignored ${name} '${shown}': use ${choices}.`);
    }
  }
  return notices;
}

/** The widget's values from `search`, and the notices for what it ignored; `looks` are
 * the page's look parameters (pageLooks), which are not the widget's. */
export function readUrlState(spec, search, base, looks = new Map()) {
  const query = new URLSearchParams(search);
  const declared = new Set(spec.params.map((p) => p.name));
  const pageOwn = new Map([...looks].filter(([name]) => !declared.has(name)));
  const lookQuery = new URLSearchParams();
  for (const name of pageOwn.keys()) {
    for (const value of query.getAll(name)) lookQuery.append(name, value);
    query.delete(name);
  }
  const text = query.toString();
  const { values, notices, chosen, accepted, ignored } = readQuery(spec, text ? `?${text}` : "", base);
  const worded = notices.map((notice, index) => {
    const refused = ignored.get(index);
    return refused ? refusedNotice(spec, refused, chosen[refused.name], accepted.has(refused.name)) : notice;
  });
  const repeats = repeatNotices(spec, query, chosen);
  return { values, notices: summarise([...worded, ...repeats, ...lookNotices(lookQuery, pageOwn)]) };
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
