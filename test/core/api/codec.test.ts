import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson } from '../../../core/api/codec';
import { toWireEvent } from '../../../core/api/training';

describe('HTTP JSON codec', () => {
  it('round-trips bytes, including Node Buffers (whose toJSON would otherwise win)', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    for (const b of [bytes, Buffer.from(bytes)]) {
      const back = decodeJson(encodeJson({ model: b, n: 1 })) as { model: Uint8Array; n: number };
      expect(back.model).toBeInstanceOf(Uint8Array);
      expect(Array.from(back.model)).toEqual(Array.from(bytes));
      expect(back.n).toBe(1);
    }
  });

  it('turns other typed arrays into plain arrays and leaves look-alikes alone', () => {
    expect(decodeJson(encodeJson({ p: new Int32Array([1, 2]) }))).toEqual({ p: [1, 2] });
    expect(decodeJson(encodeJson({ $bytes: 5 }))).toEqual({ $bytes: 5 });
  });

  it('converts typed arrays in training events for every transport', () => {
    const e = toWireEvent({ kind: 'done', reason: 'completed', steps: 1, epochs: 1, samples_per_s: 1, elapsedSec: 1, test: { loss: 1, predictions: new Int32Array([3]), labels: new Int32Array([4]) } });
    expect(e.kind === 'done' && e.test).toEqual({ loss: 1, predictions: [3], labels: [4] });
  });
});
