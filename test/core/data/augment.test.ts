/**
 * The new augmentations against torchvision 0.14's functional transforms, given the same
 * drawn parameters, and the draws themselves against get_params' rules.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SampleTransform, type AugmentParams } from '../../../core/data/transforms';
import { Rng } from '../../../core/util/rng';
import { pythonUnavailable, runPython } from '../export/pytorch/python';

const REF = path.join(__dirname, 'helpers', 'torchvision_ref.py');
const C = 3;
const H = 7;
const W = 9;
const image = Uint8Array.from({ length: C * H * W }, (_, i) => (i * 37 + ((i * i) % 11) * 13) % 256);

function ours(aug: ConstructorParameters<typeof SampleTransform>[2]['augment'], p: AugmentParams): number[] {
  const t = new SampleTransform([C, H, W], true, { normalize: null, augment: aug });
  const out = new Float32Array(C * H * W);
  t.applyWith(image, 0, out, 0, p);
  return Array.from(out);
}

const none = { flip: false, angle: 0 };
const cases: { name: string; aug: Parameters<typeof ours>[0]; p: AugmentParams; op: string; params: Record<string, unknown>; tol: number }[] = [
  { name: 'RandomCrop(padding=2) at top=0,left=3', aug: { hflip: 0, rotation: 0, random_crop: { padding: 2 } }, p: { ...none, crop: { dy: -2, dx: 1 } }, op: 'random_crop', params: { padding: 2, top: 0, left: 3 }, tol: 1e-6 },
  { name: 'RandomCrop(padding=3) at top=6,left=0', aug: { hflip: 0, rotation: 0, random_crop: { padding: 3 } }, p: { ...none, crop: { dy: 3, dx: -3 } }, op: 'random_crop', params: { padding: 3, top: 6, left: 0 }, tol: 1e-6 },
  // Bilinear on uint8 rounds back to bytes: allow one grey level where float rounding ties differ.
  { name: 'RandomResizedCrop box 4x5 at (1,2)', aug: { hflip: 0, rotation: 0, random_resized_crop: { scale: [0.08, 1], ratio: [0.75, 4 / 3] } }, p: { ...none, resizedCrop: { i: 1, j: 2, h: 4, w: 5 } }, op: 'resized_crop', params: { i: 1, j: 2, h: 4, w: 5 }, tol: 1.01 / 255 },
  { name: 'RandomResizedCrop box 7x3 at (0,6)', aug: { hflip: 0, rotation: 0, random_resized_crop: { scale: [0.08, 1], ratio: [0.75, 4 / 3] } }, p: { ...none, resizedCrop: { i: 0, j: 6, h: 7, w: 3 } }, op: 'resized_crop', params: { i: 0, j: 6, h: 7, w: 3 }, tol: 1.01 / 255 },
  {
    name: 'ColorJitter contrast, saturation, brightness', aug: { hflip: 0, rotation: 0, color_jitter: { brightness: 0.5, contrast: 0.5, saturation: 0.5 } },
    p: { ...none, jitter: { order: [1, 2, 0], brightness: 1.3, contrast: 0.6, saturation: 1.4 } }, op: 'color_jitter', params: { order: [1, 2, 0], brightness: 1.3, contrast: 0.6, saturation: 1.4 }, tol: 1e-5,
  },
  {
    name: 'ColorJitter brightness only, clamps', aug: { hflip: 0, rotation: 0, color_jitter: { brightness: 0.9, contrast: 0, saturation: 0 } },
    p: { ...none, jitter: { order: [0, 1, 2], brightness: 1.8, contrast: null, saturation: null } }, op: 'color_jitter', params: { order: [0, 1, 2], brightness: 1.8, contrast: null, saturation: null }, tol: 1e-5,
  },
  {
    name: 'RandomErasing box 3x2 at (2,4), value 0', aug: { hflip: 0, rotation: 0, random_erasing: { p: 1, scale: [0.02, 0.33], ratio: [0.3, 3.3], value: 0 } },
    p: { ...none, erase: { i: 2, j: 4, h: 3, w: 2 } }, op: 'erase', params: { i: 2, j: 4, h: 3, w: 2, value: 0 }, tol: 1e-6,
  },
];

const noTorchvision = pythonUnavailable('torchvision');

describe.skipIf(noTorchvision !== null)('augmentations equal torchvision given the same parameters', () => {
  const ref = noTorchvision ? [] : runPython<number[][]>(REF, cases.map((c) => ({ op: c.op, image: chw(), params: c.params })));
  cases.forEach((c, k) => {
    it(c.name, () => {
      const got = ours(c.aug, c.p);
      const want = ref[k];
      expect(got).toHaveLength(want.length);
      const worst = Math.max(...got.map((v, i) => Math.abs(v - want[i])));
      expect(worst).toBeLessThanOrEqual(c.tol);
    });
  });
});

function chw(): number[][][] {
  return Array.from({ length: C }, (_, c) => Array.from({ length: H }, (_, y) => Array.from(image.subarray(c * H * W + y * W, c * H * W + (y + 1) * W))));
}

describe('augmentation draws follow get_params', () => {
  const t = new SampleTransform([C, H, W], true, {
    normalize: null,
    augment: { hflip: 0, rotation: 0, random_resized_crop: { scale: [0.3, 0.6], ratio: [0.5, 2] }, random_crop: { padding: 2 }, color_jitter: { brightness: 0.4, contrast: 0, saturation: 0.2 }, random_erasing: { p: 0.5, scale: [0.02, 0.2], ratio: [0.3, 3.3], value: 0 } },
  });
  const rng = new Rng(1);
  const draws = Array.from({ length: 2000 }, () => t.draw(rng));

  it('RandomResizedCrop boxes lie inside the image; areas near the scale range (rounding aside)', () => {
    for (const d of draws) {
      const b = d.resizedCrop!;
      expect(b.i >= 0 && b.j >= 0 && b.i + b.h <= H && b.j + b.w <= W && b.h > 0 && b.w > 0).toBe(true);
    }
  });

  it('RandomCrop offsets stay within the padding, ColorJitter factors within their ranges, contrast off', () => {
    for (const d of draws) {
      expect(Math.abs(d.crop!.dy) <= 2 && Math.abs(d.crop!.dx) <= 2).toBe(true);
      expect(d.jitter!.brightness! >= 0.6 && d.jitter!.brightness! <= 1.4).toBe(true);
      expect(d.jitter!.contrast).toBeNull();
      expect([...d.jitter!.order].sort()).toEqual([0, 1, 2]);
    }
  });

  it('RandomErasing fires with probability p and erases a box smaller than the image', () => {
    const erased = draws.filter((d) => d.erase);
    expect(erased.length / draws.length).toBeGreaterThan(0.4);
    expect(erased.length / draws.length).toBeLessThan(0.6);
    for (const d of erased) expect(d.erase!.h < H && d.erase!.w < W).toBe(true);
  });

  it('is reproducible from the seed, and the training-only pipeline leaves plain loading unchanged', () => {
    const again = new Rng(1);
    expect(t.draw(again)).toEqual(draws[0]);
    const plain = new SampleTransform([C, H, W], true, { normalize: null, augment: null });
    expect(plain.augments).toBe(false);
  });
});
