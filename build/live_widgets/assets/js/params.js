// The browser's reading of a widget's parameter declaration (the JSON that the
// build embeds from the Python declaration): coercion with the same rules as
// widgets/core/params.py, slider positions, and URL state.

export const SLIDER_STEPS = 1000;

export class ParamError extends Error {
  constructor(name, message) {
    super(`${name}: ${message}`);
    this.param = name;
    this.detail = message;
  }
}

export function plain(value) {
  return Number.isInteger(value) ? value.toLocaleString("en-US") : String(+value.toPrecision(6));
}

function rangeText(param) {
  return `${plain(param.min)} to ${plain(param.max)}${param.unit ? ` ${param.unit}` : ""}`;
}

/** Coerce a raw value (string from a form or URL) or raise ParamError. */
export function coerce(param, raw) {
  if (param.kind === "choice") {
    const text = String(raw).trim().toLowerCase();
    const values = param.choices.map((c) => c.value);
    if (!values.includes(text)) {
      throw new ParamError(param.name, `'${String(raw).slice(0, 40)}' is not one of ${values.join(" | ")}`);
    }
    return text;
  }
  const text = String(raw).trim().replace(/[_,]/g, "");
  if (text === "") throw new ParamError(param.name, "is empty; give a number");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    throw new ParamError(param.name, `'${String(raw).slice(0, 40)}' is not a number`);
  }
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ParamError(param.name, "must be a finite number");
  if (param.kind === "int" && !Number.isInteger(value)) {
    throw new ParamError(param.name, "must be a whole number");
  }
  if (value < param.min || value > param.max) {
    throw new ParamError(param.name, `must be from ${rangeText(param)}`);
  }
  return value;
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
 * URL state: read `search` against the declaration. Bad or unknown values fall
 * back to the defaults, each with a notice (plain text, never HTML).
 */
export function readQuery(spec, search, base) {
  const values = { ...base };
  const notices = [];
  const params = new URLSearchParams(search);
  const byName = new Map(spec.params.map((p) => [p.name, p]));
  for (const [name, raw] of params) {
    const param = byName.get(name);
    if (!param) {
      notices.push(`Ignored unknown parameter '${name.slice(0, 40)}'.`);
      continue;
    }
    try {
      values[name] = coerce(param, raw);
    } catch (error) {
      notices.push(`Ignored ${error.message}; using the default.`);
    }
  }
  return { values, notices };
}

/** The query string for `values`, listing only what differs from the defaults. */
export function writeQuery(spec, values) {
  const query = new URLSearchParams();
  for (const param of spec.params) {
    if (values[param.name] !== param.default) query.set(param.name, String(values[param.name]));
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}
