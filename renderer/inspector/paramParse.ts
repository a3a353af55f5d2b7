/**
 * Parses what the user types into a parameter field, per ParamKind, with a plain message
 * when it is not valid. Pure, so the inspector can validate on every keystroke.
 */
import type { ParamValue } from '../../core/graph/document';
import type { ParamKind, ParamSpec } from '../../core/layers/types';

export type ParseResult = { ok: true; value: ParamValue } | { ok: false; error: string };

const INT = /^[+-]?\d+$/;

function parseInt10(text: string, name: string, min?: number): { ok: true; value: number } | { ok: false; error: string } {
  const t = text.trim();
  if (!INT.test(t)) return { ok: false, error: `${name} must be a whole number` };
  const v = Number(t);
  if (min !== undefined && v < min) return { ok: false, error: `${name} must be at least ${min}` };
  return { ok: true, value: v };
}

/** Splits `3,3`, `(3, 3)`, `[1 28 28]` or `1×28×28` into parts. */
function splitList(text: string): string[] {
  return text
    .trim()
    .replace(/^[([]|[)\]]$/g, '')
    .split(/[\s,×x*]+/i)
    .filter((p) => p.length > 0);
}

export function parseParam(kind: ParamKind, text: string, spec?: Partial<Pick<ParamSpec, 'name' | 'min' | 'default' | 'options'>>): ParseResult {
  const name = spec?.name ?? 'value';
  const min = spec?.min;
  const t = text.trim();
  // Params whose default is null mean "same as another param" (MaxPool2d's stride = kernel_size): empty restores that.
  if (t === '' && spec?.default === null) return { ok: true, value: null };
  switch (kind) {
    case 'int':
      return parseInt10(t, name, min);
    case 'intOrAuto':
      if (t.toLowerCase() === 'auto' || t === '') return { ok: true, value: 'auto' };
      return parseInt10(t, name, min);
    case 'intPair': {
      const parts = splitList(t);
      if (parts.length === 0 || parts.length > 2) return { ok: false, error: `${name}: one number or two, like 3 or 3,3` };
      const vals: number[] = [];
      for (const p of parts) {
        const r = parseInt10(p, name, min);
        if (!r.ok) return r;
        vals.push(r.value);
      }
      return { ok: true, value: vals.length === 1 || vals[0] === vals[1] ? vals[0] : vals };
    }
    case 'shape': {
      const parts = splitList(t);
      if (!parts.length) return { ok: false, error: `${name}: give the sample shape, like 1,28,28` };
      const vals: number[] = [];
      for (const p of parts) {
        const r = parseInt10(p, name, min ?? 1);
        if (!r.ok) return r;
        vals.push(r.value);
      }
      return { ok: true, value: vals };
    }
    case 'floatList': {
      const parts = splitList(t);
      if (!parts.length) return { ok: false, error: `${name}: give one number, or one per class, like 2, 0.5` };
      const vals = parts.map(Number);
      if (vals.some((v) => !Number.isFinite(v))) return { ok: false, error: `${name} must be numbers, like 2, 0.5` };
      if (min !== undefined && vals.some((v) => v < min)) return { ok: false, error: `${name} must be at least ${min}` };
      return { ok: true, value: vals };
    }
    case 'float': {
      if (t === '' || !Number.isFinite(Number(t))) return { ok: false, error: `${name} must be a number` };
      const v = Number(t);
      if (min !== undefined && v < min) return { ok: false, error: `${name} must be at least ${min}` };
      return { ok: true, value: v };
    }
    case 'bool':
      if (/^(true|yes|1|on)$/i.test(t)) return { ok: true, value: true };
      if (/^(false|no|0|off)$/i.test(t)) return { ok: true, value: false };
      return { ok: false, error: `${name} must be true or false` };
    case 'text':
      if (spec?.options && !spec.options.includes(t)) return { ok: false, error: `${name} must be one of ${spec.options.join(', ')}` };
      return { ok: true, value: spec?.options ? t : text };
  }
}

/** The text a field shows for a stored value (the inverse of parseParam for valid input). */
export function formatParam(kind: ParamKind, value: ParamValue | undefined): string {
  if (value === undefined || value === null) return kind === 'intOrAuto' ? 'auto' : '';
  if (Array.isArray(value)) return value.join(kind === 'shape' || kind === 'floatList' ? ', ' : ',');
  return String(value);
}
