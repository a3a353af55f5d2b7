import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson, extractBytes, placeBytes } from '../../../core/api/codec';
import { toWireEvent } from '../../../core/api/training';

describe('HTTP JSON codec', () => {
  it('takes bytes out of results (never into JSON) and puts them back at their paths', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    for (const b of [bytes, Buffer.from(bytes)]) {
      const result = { model: b, n: 1, nested: [{ more: b }] };
      const { value, bytes: found } = extractBytes(result);
      expect(found.map((f) => f.path)).toEqual([['model'], ['nested', 0, 'more']]);
      const text = encodeJson(value);
      expect(text.length).toBeLessThan(100);
      // The backend's object is not changed.
      expect(result.model).toBe(b);
      let back = decodeJson(text);
      for (const f of found) back = placeBytes(back, f.path, new Uint8Array(f.bytes));
      const r = back as { model: Uint8Array; n: number; nested: { more: Uint8Array }[] };
      expect(r.model).toBeInstanceOf(Uint8Array);
      expect(Array.from(r.model)).toEqual(Array.from(bytes));
      expect(r.nested[0].more.length).toBe(70_000);
      expect(r.n).toBe(1);
    }
  });

  it('turns other typed arrays into plain arrays and leaves look-alikes alone', () => {
    expect(decodeJson(encodeJson({ p: new Int32Array([1, 2]) }))).toEqual({ p: [1, 2] });
    expect(decodeJson(encodeJson({ $bytes: 5, $blob: 'x', size: 1 }))).toEqual({ $bytes: 5, $blob: 'x', size: 1 });
    expect(extractBytes({ $blob: 'x', size: 1 }).bytes).toEqual([]);
  });

  it('decodes valid JSON nested thousands deep (the reviver used to overflow at 2,680)', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(() => decodeJson(deep)).not.toThrow();
  });

  it('converts typed arrays in training events for every transport', () => {
    const e = toWireEvent({ kind: 'done', reason: 'completed', steps: 1, epochs: 1, samples_per_s: 1, elapsedSec: 1, test: { loss: 1, predictions: new Int32Array([3]), labels: new Int32Array([4]) } });
    expect(e.kind === 'done' && e.test).toEqual({ loss: 1, predictions: [3], labels: [4] });
  });
});
