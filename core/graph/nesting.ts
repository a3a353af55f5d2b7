/**
 * One nesting limit for documents, everywhere they travel (files, autosave, HTTP bodies,
 * IPC arguments, worker messages). A real project is about 6 levels deep (document →
 * nodes → node → params → kernel_size); unknown fields from newer versions get room to
 * spare. Without a limit, deep JSON parses fine but later recursion (JSON.stringify,
 * structured clone into a worker, revivers) dies with "Maximum call stack size exceeded".
 *
 * Both checks are iterative, so they cannot overflow the stack themselves.
 */

/** Deepest allowed nesting of arrays and objects in a document (the document itself is level 1). */
export const MAX_NESTING = 64;

/** Envelopes around a document on the wire (argument list, {ok, value}, template lists) add a few levels. */
export const MAX_WIRE_NESTING = MAX_NESTING + 8;

export interface TooDeep {
  /** Character offset (text) where the limit is first exceeded. */
  offset?: number;
  /** Path to the first too-deep value (objects), e.g. `training.extra.a.b`. */
  path?: string;
  /** The value refers to itself or shares a sub-object (possible over IPC's structured clone, never in JSON). */
  shared?: boolean;
}

/**
 * Scans JSON text (strings skipped, escapes honoured) and reports where arrays/objects
 * nest deeper than `limit`, or null. Linear, no parsing, so it can run before JSON.parse.
 */
export function jsonTextTooDeep(text: string, limit = MAX_NESTING): TooDeep | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return { offset: i };
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return null;
}

/**
 * Walks a value depth-first with an explicit stack and reports the first array/object
 * deeper than `limit`, or one met twice (a cycle or shared sub-object: JSON cannot express
 * either), or null. Paths are only spelled out for the value reported.
 */
export function valueTooDeep(value: unknown, limit = MAX_NESTING): TooDeep | null {
  interface Frame {
    v: object;
    depth: number;
    up: Frame | null;
    key: string;
  }
  if (typeof value !== 'object' || value === null) return null;
  const seen = new Set<object>();
  const stack: Frame[] = [{ v: value, depth: 1, up: null, key: '' }];
  while (stack.length) {
    const f = stack.pop()!;
    if (f.depth > limit) return { path: pathOf(f) };
    if (seen.has(f.v)) return { path: pathOf(f), shared: true };
    seen.add(f.v);
    if (Array.isArray(f.v)) {
      for (let i = 0; i < f.v.length; i++) {
        const c: unknown = f.v[i];
        if (typeof c === 'object' && c !== null && !ArrayBuffer.isView(c)) stack.push({ v: c, depth: f.depth + 1, up: f, key: `[${i}]` });
      }
    } else {
      for (const k in f.v) {
        if (!Object.hasOwn(f.v, k)) continue;
        const c: unknown = (f.v as Record<string, unknown>)[k];
        if (typeof c === 'object' && c !== null && !ArrayBuffer.isView(c)) stack.push({ v: c, depth: f.depth + 1, up: f, key: k });
      }
    }
  }
  return null;

  function pathOf(f: Frame): string {
    const keys: string[] = [];
    for (let g: Frame | null = f; g && g.up; g = g.up) keys.push(g.key);
    return shortPath(keys.reverse().join('.').replace(/\.\[/g, '['));
  }
}

function shortPath(path: string): string {
  if (!path) return '(top level)';
  return path.length > 60 ? `${path.slice(0, 57)}...` : path;
}

export function nestingMessage(limit = MAX_NESTING): string {
  return `nested deeper than ${limit} levels of arrays and objects (a project needs about 6); remove the deeply nested field`;
}
