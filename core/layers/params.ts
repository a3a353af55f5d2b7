import type { ParamValue } from '../graph/document';
import type { ParamSpec } from './types';

/**
 * Parameter validation and normalisation shared by the document parser, the checker and
 * the inspector. Returns a message for the first problem, in the words a user would use.
 */
export function validateParam(spec: ParamSpec, value: ParamValue): string | null {
  if (spec.nullable && value === null) return null;
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  switch (spec.kind) {
    case 'int':
      return isInt(value) && value >= min ? null : `${spec.name} must be an integer${minText(min)}`;
    case 'intOrAuto':
      return value === 'auto' || (isInt(value) && value >= min) ? null : `${spec.name} must be "auto" or an integer${minText(min)}`;
    case 'intPair':
      if (spec.default === null && value === null) return null;
      if (isInt(value) && value >= min) return null;
      if (Array.isArray(value) && value.length === 2 && value.every((v) => isInt(v) && v >= min)) return null;
      return `${spec.name} must be an integer or a pair like [3, 3]${minText(min)}`;
    case 'shape':
      if (spec.default === null && value === null) return null;
      return Array.isArray(value) && value.length > 0 && value.every((v) => isInt(v) && v >= 1)
        ? null
        : `${spec.name} must be a list of positive integers like [1, 28, 28]`;
    case 'floatList':
      if (spec.default === null && value === null) return null;
      return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= min)
        ? null
        : `${spec.name} must be a list of numbers like [2, 0.5]${minText(min)}`;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
        ? null
        : `${spec.name} must be a number${minText(min)}${max === Infinity ? '' : ` and ≤ ${max}`}${spec.nullable ? ', or null' : ''}`;
    case 'bool':
      return typeof value === 'boolean' ? null : `${spec.name} must be true or false`;
    case 'text':
      if (typeof value !== 'string') return `${spec.name} must be a string`;
      return !spec.options || spec.options.includes(value) ? null : `${spec.name} must be one of ${spec.options.map((o) => `"${o}"`).join(', ')}`;
  }
}

function minText(min: number): string {
  return min === -Infinity ? '' : ` ≥ ${min}`;
}

/** Defaults filled in, int-or-pair values widened to pairs. Assumes values were validated. */
export function normalizeParams(specs: ParamSpec[], params: Record<string, ParamValue>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const spec of specs) {
    // `null` is a value of its own for nullable params (PyTorch's None), not "use the default".
    let v = params[spec.name] === undefined || (params[spec.name] === null && !spec.nullable) ? spec.default : params[spec.name];
    if (spec.kind === 'intPair' && typeof v === 'number') v = [v, v];
    out[spec.name] = v;
  }
  return out;
}

/** Parses what a user types into the inspector: `3`, `3,3`, `[3, 3]`, `auto`, `true`. */
export function parseParamText(spec: ParamSpec, text: string): { value: ParamValue } | { error: string } {
  const t = text.trim();
  let value: ParamValue;
  if (spec.nullable && (t === '' || t === 'None' || t === 'null')) value = null;
  else if (spec.kind === 'text') value = t;
  else if (spec.kind === 'bool') value = t === 'true' ? true : t === 'false' ? false : (t as string);
  else if (spec.kind === 'intOrAuto' && t === 'auto') value = 'auto';
  else if ((spec.kind === 'intPair' || spec.kind === 'shape' || spec.kind === 'floatList') && t === '' && spec.default === null) value = null;
  else if (spec.kind === 'floatList') value = t.replace(/^\[|\]$/g, '').split(/[,\s]+/).filter(Boolean).map(Number);
  else if (spec.kind === 'intPair' || spec.kind === 'shape') {
    const parts = t.replace(/^\[|\]$/g, '').split(/[,×x\s]+/).filter(Boolean).map(Number);
    value = spec.kind === 'intPair' && parts.length === 1 ? parts[0] : parts;
  } else value = t === '' ? NaN : Number(t);
  const error = validateParam(spec, value);
  return error ? { error } : { value };
}

export function pair(v: ParamValue): [number, number] {
  return Array.isArray(v) ? [v[0], v[1]] : [v as number, v as number];
}

export function pairText(v: ParamValue): string {
  const [a, b] = pair(v);
  return a === b ? `${a}` : `${a}×${b}`;
}
