/**
 * JSON codec of the HTTP transport. JSON has no bytes, and the contract returns ONNX
 * models as Uint8Array, so bytes travel as {"$bytes": base64}. Pure (btoa/atob exist
 * in browsers and in Node >= 16), so server and browser client share it.
 */

const BYTES_KEY = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  // Chunked: String.fromCharCode(...hugeArray) overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    // The holder's raw value: Node's Buffer (a Uint8Array) has a toJSON that runs first.
    const raw = this[key];
    if (raw instanceof Uint8Array) return { [BYTES_KEY]: toBase64(raw) };
    // Other typed arrays (predictions, labels) become plain number arrays.
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
    return v;
  });
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === BYTES_KEY && typeof v[BYTES_KEY] === 'string') return fromBase64(v[BYTES_KEY]);
    }
    return v;
  });
}
