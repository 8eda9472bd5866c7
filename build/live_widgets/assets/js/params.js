// The browser's reading of a widget's parameter declaration (the JSON that the
// build embeds from the Python declaration): coercion with the same rules and the
// same messages as live_widgets/core/params.py, the cross-parameter rules of
// core/spec.py, slider positions, and URL state.
// tests/unit/test_param_rules_agree.py checks that readQuery and Python agree.

export const SLIDER_STEPS = 1000;

/**
 * A value the declaration refuses. `kind` says why ("choice", "empty", "number",
 * "whole", "range"), so the reader's wording (readTyped) can differ from Python's
 * without deciding validity a second time; `value` is the number, when there is one.
 */
export class ParamError extends Error {
  constructor(name, message, kind = "", value = undefined) {
    super(`${name}: ${message}`);
    this.param = name;
    this.detail = message;
    this.kind = kind;
    this.value = value;
  }
}

/** Python's plain_number: 10,000,000 or 0.5, i.e. format(value, ",") / ",.6g". */
export function plain(value) {
  // `|| 0` turns -0 into 0, as Python's int(-0.0) does.
  if (Number.isInteger(value)) return (value || 0).toLocaleString("en-US");
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  // 6 significant digits and never an exponent, as plain_number: from a million up,
  // whole (1,234,568); below 0.0001, every zero written (0.000000119209).
  const exp = Number(value.toExponential(5).split("e")[1]);
  const fixed = fixedHalfEven(value, exp >= 6 ? 0 : 5 - exp);
  const [whole, fraction] = (fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/**
 * value.toFixed(digits), but an exact tie rounds to the even digit, as Python does
 * (12345.25 -> "12345.2"): toFixed rounds it up. toFixed(100) is the exact value.
 */
function fixedHalfEven(value, digits) {
  const exact = value.toFixed(100);
  const cut = exact.indexOf(".") + (digits ? digits + 1 : 0);
  const kept = exact.slice(0, cut);
  const tie = /^\.?50*$/.test(exact.slice(cut));
  return tie && Number(kept.at(-1)) % 2 === 0 ? kept : value.toFixed(digits);
}

function rangeText(param) {
  return `${plain(param.min)} to ${plain(param.max)}${param.unit ? ` ${param.unit}` : ""}`;
}

// What Python's str.strip() removes (str.isspace): JavaScript's trim() differs
// (it keeps \x1c-\x1f and \x85 but removes \ufeff).
const PY_SPACE = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, "g");
const pyStrip = (text) => text.replace(PY_STRIP, "");

/** Python's text[:n]: n characters (code points), not n UTF-16 units. */
const pyPrefix = (text, n) => Array.from(text).slice(0, n).join("");

// What Python's float() reads, ASCII only: CPython also takes other scripts' digits
// (١٢٣, １２), which the browser ignores with a notice (tests/e2e/test_resilience.py).
const PY_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf|infinity|nan)$/i;

/** Coerce a raw value (string from a form or URL) or raise ParamError. */
export function coerce(param, raw) {
  raw = String(raw);
  if (param.kind === "choice") {
    const text = pyStrip(raw).toLowerCase();
    const values = param.choices.map((c) => c.value);
    if (!values.includes(text)) {
      throw new ParamError(param.name, `'${pyPrefix(raw, 40)}' is not one of ${values.join(" | ")}`, "choice");
    }
    return text;
  }
  const text = pyStrip(raw).replace(/[_,]/g, "");
  if (text === "") throw new ParamError(param.name, "is empty; give a number", "empty");
  // float() strips spaces again: "1 _" is 1 once the underscore has gone.
  const number = pyStrip(text);
  if (!PY_FLOAT.test(number)) {
    throw new ParamError(param.name, `'${pyPrefix(raw, 40)}' is not a number`, "number");
  }
  const value = /inf|nan/i.test(number) ? NaN : Number(number); // Number() reads neither
  if (!Number.isFinite(value)) throw new ParamError(param.name, "must be a finite number", "number");
  if (param.kind === "int" && !Number.isInteger(value)) {
    throw new ParamError(param.name, "must be a whole number", "whole", value);
  }
  if (value < param.min || value > param.max) {
    throw new ParamError(param.name, `must be from ${rangeText(param)}`, "range", value);
  }
  return value;
}

// ---- cross-parameter rules (core/spec.py AtMost) ----------------------------------
// {kind: "at_most", param, limit}: the value of `param` may not exceed that of `limit`.

const rulesOf = (spec) => spec.rules || [];
const label = (spec, name) => spec.params.find((p) => p.name === name).label;

function broken(rule, values) {
  const value = values[rule.param];
  const limit = values[rule.limit];
  return typeof value === "number" && typeof limit === "number" && value > limit;
}

/** Python's WidgetSpec._rule_message, with the labels the reader sees. */
function ruleMessage(spec, rule, values) {
  return `${label(spec, rule.param)} must not exceed ${label(spec, rule.limit)} (${plain(values[rule.limit])})`;
}

/** The message for the first rule `values` break (optionally only rules on `name`), or "". */
export function ruleError(spec, values, name = null) {
  const rule = rulesOf(spec).find((r) => (name === null || r.param === name) && broken(r, values));
  return rule ? ruleMessage(spec, rule, values) : "";
}

/**
 * Python's lenient handling: each bounded value above its limit becomes the limit,
 * with a notice. Returns {values (a new object), notices, changed (names clamped)}.
 */
export function applyRules(spec, values) {
  const next = { ...values };
  const notices = [];
  const changed = [];
  for (const rule of rulesOf(spec)) {
    if (!broken(rule, next)) continue;
    const limit = next[rule.limit];
    notices.push(`${ruleMessage(spec, rule, next)}: using ${plain(limit)}.`);
    next[rule.param] = limit;
    changed.push(rule.param);
  }
  return { values: next, notices, changed };
}

/**
 * `param` as its slider should see it given the other `values`: its maximum is the
 * smallest of its own and its limits' values, so dragging stops at the bound. A
 * bound at or below the minimum would leave no range: the declared one stays.
 */
export function bounded(spec, param, values) {
  let max = param.max;
  for (const rule of rulesOf(spec)) {
    const limit = values[rule.limit];
    if (rule.param === param.name && typeof limit === "number" && limit > param.min) {
      max = Math.min(max, limit);
    }
  }
  return max === param.max ? param : { ...param, max };
}

/** The names of the parameters whose range depends on `name`. */
export function boundedBy(spec, name) {
  return rulesOf(spec).filter((r) => r.limit === name).map((r) => r.param);
}

export function toSlider(param, value) {
  if (param.scale === "log") {
    const lo = Math.log10(param.min);
    const hi = Math.log10(param.max);
    return Math.round(((Math.log10(value) - lo) / (hi - lo)) * SLIDER_STEPS);
  }
  return Math.round(((value - param.min) / (param.max - param.min)) * SLIDER_STEPS);
}

/** The value a slider position stands for, rounded to something a person would type. */
export function fromSlider(param, position) {
  const t = Number(position) / SLIDER_STEPS;
  // The ends are the range's ends, even when rounding would miss them: a slider
  // bounded by another parameter (cache_size by keys) must reach that value.
  if (t >= 1) return param.max;
  if (t <= 0) return param.min;
  let value;
  if (param.scale === "log") {
    value = 10 ** (Math.log10(param.min) + t * (Math.log10(param.max) - Math.log10(param.min)));
    value = Number(value.toPrecision(2));
  } else {
    value = param.min + t * (param.max - param.min);
    const step = param.step || (param.max - param.min) / 100;
    value = Math.round(value / step) * step;
    value = Number(value.toPrecision(6));
  }
  if (param.kind === "int") value = Math.round(value);
  return Math.min(param.max, Math.max(param.min, value));
}

/**
 * The value one keyboard step away (direction +1 or -1): the next value the slider
 * can stand for. Its 1000 positions are finer than the values they round to, so a
 * plain arrow press would often change nothing.
 */
export function stepValue(param, value, direction) {
  let position = toSlider(param, value);
  while (position > 0 || direction > 0) {
    position = Math.min(SLIDER_STEPS, Math.max(0, position + direction));
    const next = fromSlider(param, position);
    if (next !== value || position === 0 || position === SLIDER_STEPS) return next;
  }
  return value;
}

/**
 * URL state: read `search` against the declaration, as Python's validate_lenient
 * does. Bad or unknown values fall back to `base`, each with a notice (plain text,
 * never HTML); then the rules clamp what breaks them, with a notice each.
 *
 * `notices` are Python's, word for word. For the reader's own wording (url-state.js)
 * it also gives `chosen` (the values before the rules clamp), `accepted` (the names
 * the query gave a valid value) and `ignored` (notice index -> {name, detail} for
 * each refused value of a declared parameter).
 */
export function readQuery(spec, search, base) {
  const values = { ...base };
  const notices = [];
  const accepted = new Set();
  const ignored = new Map();
  const params = new URLSearchParams(search);
  const byName = new Map(spec.params.map((p) => [p.name, p]));
  for (const [name, raw] of params) {
    const param = byName.get(name);
    if (!param) {
      notices.push(`Ignored unknown parameter '${pyPrefix(name, 40)}'.`);
      continue;
    }
    try {
      values[name] = coerce(param, raw);
      accepted.add(name);
    } catch (error) {
      ignored.set(notices.length, { name, detail: error.detail });
      notices.push(`Ignored ${error.message}; using the default.`);
    }
  }
  const ruled = applyRules(spec, values);
  return { values: ruled.values, notices: [...notices, ...ruled.notices], chosen: values, accepted, ignored };
}

/** The query string for `values`, listing only what differs from `base` (the defaults). */
export function writeQuery(spec, values, base = null) {
  const query = new URLSearchParams();
  for (const param of spec.params) {
    const from = base ? base[param.name] : param.default;
    if (values[param.name] !== from) query.set(param.name, String(values[param.name]));
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}

// ---- typing (controller.js) ---------------------------------------------------------
// What a reader types is judged here, in their words: the label they see (never the
// internal name), the range the slider shows, and, over a bound set by another
// parameter, that parameter's label. (coerce above keeps Python's words, for URL state.)

export const withUnit = (param, value) => `${plain(value)}${param.unit ? ` ${param.unit}` : ""}`;

/**
 * The text typed into `name`'s box, read against the declaration and the other
 * current `values`: {value} when it is a complete valid number within every bound,
 * else {message} (no final full stop) saying what is wrong, in the reader's labels.
 */
export function readTyped(spec, name, text, values) {
  const declared = spec.params.find((p) => p.name === name);
  const param = bounded(spec, declared, values);
  try {
    return { value: coerce(param, text) }; // valid exactly when the URL's reading says so
  } catch (error) {
    if (!(error instanceof ParamError)) throw error;
    const range = `from ${plain(param.min)} to ${withUnit(param, param.max)}`;
    if (error.kind === "empty") return { message: `${param.label} is empty; type a number ${range}` };
    if (error.kind === "whole") return { message: `${param.label} must be a whole number ${range}` };
    // A bound lower than the declared maximum comes from another parameter: name it.
    const rule = rulesOf(spec).find((r) => r.param === name && values[r.limit] === param.max);
    if (error.kind === "range" && error.value > param.max && rule && param.max < declared.max) {
      const limit = spec.params.find((p) => p.name === rule.limit);
      return {
        message: `${param.label} must not exceed ${limit.label} (${withUnit(limit, param.max)}); type ${plain(param.max)} or less, or raise ${limit.label} first`,
      };
    }
    if (error.kind === "range") return { message: `${param.label} must be ${range}` };
    return { message: `${param.label} must be a number ${range}` };
  }
}
