/**
 * Seeded mutators shared by fuzz targets: structural mutations of JSON values (wrong types,
 * missing and unknown fields, prototype-named keys, deep nesting, huge numbers and strings)
 * and byte-level mutations of text and binary files. All take the Rng and return a new value.
 */
import type { Rng } from '../../core/util/rng';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** Values of every wrong shape a field can receive. */
export function hostileValue(rng: Rng): Json {
  const deep = (n: number): Json => {
    let v: Json = {};
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
  };
  return pick<() => Json>(rng, [
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1.5,
    () => 1e308,
    () => -1e308,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => 1e9,
    () => '',
    () => 'x',
    () => '__proto__',
    () => 'constructor',
    () => 'a'.repeat(5000),
    () => '../../etc/passwd',
    () => '\u0000',
    () => [],
    () => [1, 2, 3],
    () => [null],
    () => ({}),
    () => ({ __proto__: { polluted: true } }) as Json,
    () => JSON.parse('{"__proto__": {"polluted": true}}'),
    () => deep(70),
    () => deep(700),
  ])();
}

/** Paths (root, key) of every value inside `v`, for picking a place to mutate. */
function places(v: Json, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (out.length > 5000 || path.length > 12) return out;
  if (Array.isArray(v)) v.forEach((x, i) => places(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) places(v[k], [...path, k], out);
  return out;
}

function getAt(v: Json, path: (string | number)[]): Json {
  let x: Json = v;
  for (const k of path) x = (x as Record<string | number, Json>)[k];
  return x;
}

/** One structural mutation of a JSON value (a deep copy is returned). */
export function mutateJson<T>(value: T, rng: Rng): T {
  const root = structuredClone(value) as unknown as Json;
  const all = places(root);
  const path = pick(rng, all);
  if (path.length === 0) return (rng.int(4) === 0 ? hostileValue(rng) : root) as unknown as T;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1];
  switch (rng.int(7)) {
    case 0:
    case 1:
    case 2:
      parent[key] = hostileValue(rng);
      break;
    case 3:
      if (Array.isArray(parent)) (parent as Json[]).splice(Number(key), 1);
      else delete parent[key];
      break;
    case 4:
      if (Array.isArray(parent)) (parent as Json[]).push(structuredClone(parent[Number(key)]) as Json);
      else parent[`extra_${rng.int(1000)}`] = hostileValue(rng);
      break;
    case 5: {
      // Swap with another place's value: right type, wrong place (an edge where a node goes).
      const other = getAt(root, pick(rng, all));
      parent[key] = structuredClone(other);
      break;
    }
    default: {
      const v = parent[key];
      if (typeof v === 'number') parent[key] = pick(rng, [v + 1, -v, v * 1000, Math.floor(v / 2), 0]);
      else if (typeof v === 'string') parent[key] = pick(rng, [v + 'x', v.slice(1), v.toUpperCase(), '']);
      else parent[key] = hostileValue(rng);
    }
  }
  return root as unknown as T;
}

/** One byte-level mutation of text (JSON files as the parser sees them): flips, inserts, deletes, cuts. */
export function mutateText(text: string, rng: Rng): string {
  const at = rng.int(Math.max(1, text.length));
  switch (rng.int(8)) {
    case 0:
    case 4:
    case 5:
      return text.slice(0, at) + pick(rng, ['{', '}', '[', ']', '"', ',', ':', '\\', '0', '-', 'e', '\n', '\u2028']) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + rng.int(20));
    case 2:
      return text.slice(0, at);
    case 3:
    case 6:
      return text.slice(0, at) + String.fromCharCode(rng.int(128)) + text.slice(at + 1);
    default:
      return text.slice(0, at) + '['.repeat(1 + rng.int(20000)) + text.slice(at);
  }
}

/** One byte-level mutation of a binary file (dataset readers, the ONNX importer). */
export function mutateBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = new Uint8Array(bytes);
  const at = rng.int(Math.max(1, out.length));
  switch (rng.int(4)) {
    case 0:
      out[at] ^= 1 << rng.int(8);
      return out;
    case 1:
      return out.subarray(0, at);
    case 2:
      out[at] = pick(rng, [0, 0xff, 0x7f, 0x80]);
      return out;
    default: {
      // Header fields (sizes, counts) live in the first bytes: make one huge.
      const h = rng.int(Math.min(16, out.length));
      out[h] = 0xff;
      return out;
    }
  }
}
