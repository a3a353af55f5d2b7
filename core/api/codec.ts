/**
 * JSON codec of the HTTP transport. JSON has no bytes, and the contract returns ONNX
 * models as Uint8Array. They never travel inside JSON (a 441 MB model as JSON numbers or
 * base64 cost gigabytes and seconds, or crashed the server): the server takes each
 * Uint8Array out of a result, serves it from a download endpoint, and the envelope lists
 * where each one goes ({path, id, size}); the client fetches them as binary and puts them
 * back. Only the listed paths are touched, so a document's own fields can never be
 * mistaken for bytes. Pure (no Node, no DOM), shared by server and browser client.
 */

export type JsonPath = (string | number)[];

export interface BlobSlot {
  path: JsonPath;
  /** Download id (GET /api/blob/<id>). */
  id: string;
  size: number;
}

/** JSON text; typed arrays (predictions, labels) become plain number arrays. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    // The holder's raw value: Node's Buffer (a Uint8Array) has a toJSON that runs first.
    const raw = this[key];
    if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) return Array.from(raw as unknown as ArrayLike<number>);
    return v;
  });
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text);
}

/**
 * Takes every Uint8Array out of `value`: returns a copy with null in their places (only the
 * containers on the way are copied) and the bytes with their paths. Results come from the
 * backend, whose documents are validated to a bounded nesting, so recursion is safe here.
 */
export function extractBytes(value: unknown): { value: unknown; bytes: { path: JsonPath; bytes: Uint8Array }[] } {
  const found: { path: JsonPath; bytes: Uint8Array }[] = [];
  const walk = (v: unknown, path: JsonPath): unknown => {
    if (v instanceof Uint8Array) {
      found.push({ path, bytes: v });
      return null;
    }
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
    const before = found.length;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(v) ? v.map((x, i) => walk(x, [...path, i])) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    return found.length === before ? v : copy;
  };
  const out = walk(value, []);
  return { value: out, bytes: found };
}

/** Puts downloaded bytes back where extractBytes took them from. */
export function placeBytes(value: unknown, path: JsonPath, bytes: Uint8Array): unknown {
  if (path.length === 0) return bytes;
  let holder = value as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    holder = holder?.[k] as Record<string | number, unknown>;
    if (typeof holder !== 'object' || holder === null) throw new Error(`malformed response: no ${path.join('.')}`);
  }
  holder[path[path.length - 1]] = bytes;
  return value;
}
