import type { ParamValue } from '../graph/document';

/**
 * Helpers for the layers' `torch` stanzas: Python literals and calls that read the way a
 * PyTorch user writes them (`nn.Conv2d(3, 32, kernel_size=3, padding=1)`, not every
 * keyword with its default).
 */

/** A layer parameter in Python: pairs as `(3, 5)`, or `3` when both are equal, as PyTorch users write them. */
export function py(v: ParamValue): string {
  if (Array.isArray(v)) return v.length === 2 && v[0] === v[1] ? String(v[0]) : `(${v.join(', ')}${v.length === 1 ? ',' : ''})`;
  return pyLiteral(v);
}

/** Any JSON value as a Python literal (True/False/None, lists, dicts; numbers as JSON spells them, which Python reads back exactly). */
export function pyLiteral(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${v} has no Python literal here`);
    return String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`).join(', ')}}`;
}

/**
 * `callee(positional..., key=value...)`, leaving out keywords whose value equals their
 * default (compared as Python text, so `[1, 1]` and `1` are the same pair).
 */
export function pyCall(callee: string, positional: ParamValue[], keywords: [name: string, value: ParamValue, dflt: ParamValue][] = []): string {
  const args = positional.map(py);
  for (const [name, value, dflt] of keywords) if (py(value) !== py(dflt)) args.push(`${name}=${py(value)}`);
  return `${callee}(${args.join(', ')})`;
}
