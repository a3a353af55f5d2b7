import { describe, expect, it } from 'vitest';
import { buildIndexMap, SampleTransform } from '../../../core/data/transforms';
import { computeNormalization, resolveNormalization } from '../../../core/data/normalization';
import { DataError } from '../../../core/data/errors';
import { Rng } from '../../../core/util/rng';

const NONE = { hflip: 0, rotation: 0 };

/** Runs one [1,h,w] (or given shape) sample through the transform with fixed parameters. */
function run(t: SampleTransform, src: Uint8Array | Float32Array, flip = false, angle = 0): number[] {
  const out = new Float32Array(t.size);
  t.applyWith(src, 0, out, 0, { flip, angle });
  return Array.from(out);
}

/** numpy.rot90(a): counter-clockwise as displayed with y pointing down. */
function rot90(a: number[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.push(a[j * n + (n - 1 - i)]);
  return out;
}

const pattern = (n: number) => Uint8Array.from({ length: n * n }, (_, i) => i + 1);
const unit = new SampleTransform([1, 4, 4], true, { normalize: { mean: [0], std: [1 / 255] } }); // raw values out

describe('ToTensor + Normalize', () => {
  it('scales uint8 to [0,1]', () => {
    const t = new SampleTransform([1, 1, 3], true, { normalize: null });
    expect(run(t, new Uint8Array([0, 51, 255]))).toEqual([0, Math.fround(0.2), 1]);
  });

  it('takes float sources as already scaled', () => {
    const t = new SampleTransform([2], false, { normalize: { mean: [0.5], std: [0.25] } });
    expect(run(t, new Float32Array([0.5, 1]))).toEqual([0, 2]);
  });

  it('normalises per channel and broadcasts single values', () => {
    const t = new SampleTransform([3, 1, 1], true, { normalize: { mean: [0, 0.5, 1], std: [1, 0.5, 2] } });
    const out = run(t, new Uint8Array([255, 255, 255]));
    expect(out[0]).toBeCloseTo(1, 6);
    expect(out[1]).toBeCloseTo(1, 6);
    expect(out[2]).toBeCloseTo(0, 6);
    const b = new SampleTransform([3, 1, 1], true, { normalize: { mean: [0.5], std: [0.5] } });
    expect(run(b, new Uint8Array([0, 255, 0]))).toEqual([-1, 1, -1]);
  });

  it('gives every byte value exactly the float32 of (x/255 - mean)/std as the multiply-add computes it, per channel', () => {
    const mean = [0.4914, 0.4822, 0.4465];
    const std = [0.247, 0.243, 0.261];
    const t = new SampleTransform([3, 16, 16], true, { normalize: { mean, std } });
    const src = Uint8Array.from({ length: 3 * 256 }, (_, i) => i % 256);
    const out = run(t, src);
    for (let c = 0; c < 3; c++) {
      for (let v = 0; v < 256; v++) expect(out[c * 256 + v]).toBe(Math.fround(v * (1 / 255 / std[c]) + -mean[c] / std[c]));
    }
  });

  it('knows dataset defaults (from the dataset-kind registry)', () => {
    const ds = { name: 'x', source: 'x', count: 2, sampleShape: [3, 1, 1], classes: 1, images: new Uint8Array([0, 51, 255, 255, 51, 255]), labels: new Int32Array(2) };
    expect(resolveNormalization(null, 'mnist', ds)).toEqual({ mean: [0.1307], std: [0.3081] });
    expect(resolveNormalization(null, 'cifar10', ds)?.mean).toHaveLength(3);
    expect(resolveNormalization(null, 'random', ds)).toBeNull();
    expect(resolveNormalization({ mean: [0], std: [1] }, 'mnist', ds)).toEqual({ mean: [0], std: [1] });
    // "compute": per channel over the given samples, in [0, 1] units; a constant channel keeps std 1.
    const c = resolveNormalization('compute', 'mnist', ds)!;
    expect(c.mean[0]).toBeCloseTo(0.5, 9);
    expect(c.std[0]).toBeCloseTo(0.5, 9);
    expect(c.mean[1]).toBeCloseTo(0.2, 9);
    expect(c.std[1]).toBe(1);
    expect(c.mean[2]).toBeCloseTo(1, 9);
    // Only the subset's samples count (the training split, never validation or test).
    expect(computeNormalization({ dataset: ds, indices: Int32Array.from([1]) }).mean[0]).toBeCloseTo(1, 9);
  });

  it('rejects bad configs', () => {
    expect(() => new SampleTransform([3, 2, 2], true, { normalize: { mean: [0, 0], std: [1, 1] } })).toThrow(DataError);
    expect(() => new SampleTransform([1, 2, 2], true, { normalize: { mean: [0], std: [0] } })).toThrow(/std must be > 0/);
    expect(() => new SampleTransform([4], true, { normalize: null, augment: { hflip: 0.5, rotation: 0 } })).toThrow(/image samples/);
    expect(() => new SampleTransform([1, 2, 2], true, { normalize: null, augment: { hflip: 2, rotation: 0 } })).toThrow(/probability/);
  });
});

describe('RandomHorizontalFlip', () => {
  it('p=1 mirrors every row of every channel', () => {
    const t = new SampleTransform([2, 2, 3], true, { normalize: { mean: [0], std: [1 / 255] }, augment: { hflip: 1, rotation: 0 } });
    const src = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const out = new Float32Array(12);
    const rng = new Rng(1);
    for (let k = 0; k < 5; k++) {
      t.apply(src, 0, out, 0, rng);
      expect(Array.from(out)).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10]);
    }
  });

  it('p=0 is the identity and draws nothing', () => {
    const t = new SampleTransform([1, 4, 4], true, { normalize: { mean: [0], std: [1 / 255] }, augment: NONE });
    expect(t.augments).toBe(false);
    expect(run(t, pattern(4))).toEqual(Array.from(pattern(4)));
    const out = new Float32Array(16);
    t.apply(pattern(4), 0, out, 0); // no rng needed
    expect(Array.from(out)).toEqual(Array.from(pattern(4)));
  });

  it('p=0.5 flips about half the samples, reproducibly', () => {
    const t = new SampleTransform([1, 2, 2], true, { normalize: null, augment: { hflip: 0.5, rotation: 0 } });
    const flips = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 1000 }, () => t.draw(rng).flip);
    };
    const a = flips(3);
    expect(a).toEqual(flips(3));
    const n = a.filter(Boolean).length;
    expect(n).toBeGreaterThan(430);
    expect(n).toBeLessThan(570);
  });
});

describe('RandomRotation', () => {
  it('rotates by 90 degrees counter-clockwise like numpy.rot90 / torchvision', () => {
    for (const n of [3, 4, 5]) {
      const src = pattern(n);
      const t = new SampleTransform([1, n, n], true, { normalize: { mean: [0], std: [1 / 255] } });
      const expected = rot90(Array.from(src), n);
      expect(run(t, src, false, 90)).toEqual(expected);
      expect(run(t, src, false, 180)).toEqual(rot90(expected, n));
      expect(run(t, src, false, -90)).toEqual(rot90(rot90(expected, n), n));
    }
  });

  it('moves the right-middle pixel to the top-middle for +90', () => {
    const src = new Uint8Array(9);
    src[1 * 3 + 2] = 255;
    const t = new SampleTransform([1, 3, 3], true, { normalize: null });
    const out = run(t, src, false, 90);
    expect(out.indexOf(1)).toBe(0 * 3 + 1);
  });

  it('fills uncovered corners with 0 before normalisation', () => {
    const src = new Uint8Array(25).fill(255);
    const t = new SampleTransform([1, 5, 5], true, { normalize: { mean: [0.5], std: [0.25] } });
    const out = run(t, src, false, 45);
    const fill = (0 - 0.5) / 0.25;
    expect(out[0]).toBe(fill); // corner rotated in from outside
    expect(out[24]).toBe(fill);
    expect(out[12]).toBe((1 - 0.5) / 0.25); // centre stays
    expect(out[2]).toBe(2); // top-middle still covered
  });

  it('applies the flip before the rotation', () => {
    const src = pattern(4);
    const flipped = [3, 2, 1, 0].flatMap((_, y) => [3, 2, 1, 0].map((x) => src[y * 4 + x]));
    expect(run(unit, src, true, 90)).toEqual(rot90(flipped, 4));
  });

  it('draws angles uniformly in [-degrees, degrees]', () => {
    const t = new SampleTransform([1, 8, 8], true, { normalize: null, augment: { hflip: 0, rotation: 15 } });
    const rng = new Rng(9);
    const angles = Array.from({ length: 2000 }, () => t.draw(rng).angle);
    expect(Math.min(...angles)).toBeGreaterThanOrEqual(-15);
    expect(Math.max(...angles)).toBeLessThanOrEqual(15);
    expect(Math.min(...angles)).toBeLessThan(-14);
    expect(Math.max(...angles)).toBeGreaterThan(14);
    expect(Math.abs(angles.reduce((a, b) => a + b, 0) / angles.length)).toBeLessThan(0.6);
  });

  it('keeps the identity map free (no indirection) for angle 0 without flip', () => {
    expect(buildIndexMap(4, 4, false, 0, new Int32Array(16))).toBe(false);
    const m = new Int32Array(6);
    expect(buildIndexMap(2, 3, true, 0, m)).toBe(true);
    expect(Array.from(m)).toEqual([2, 1, 0, 5, 4, 3]);
  });
});
