import type { AugmentConfig, NormalizeValues } from './kinds/transforms';
import type { Rng } from '../util/rng';
import { DataError } from './errors';
import { colorJitter, drawColorJitter, type JitterParams } from './augment/colorJitter';
import { drawErasing, erase, type EraseBox } from './augment/erasing';
import { drawCropOffset } from './augment/randomCrop';
import { drawResizedCrop, resizeBilinear, type CropBox } from './augment/resizedCrop';

/**
 * The per-sample pipeline, equivalent to the torchvision composition
 *   RandomResizedCrop -> RandomCrop(padding) -> RandomHorizontalFlip -> RandomRotation
 *   -> ToTensor -> ColorJitter -> Normalize -> RandomErasing
 * with torchvision's tensor semantics (each op's random parameters drawn as its get_params
 * draws them, in this order, only for the ops that are on). The nearest-neighbour geometric
 * ops are reduced to one source-index map (which input pixel lands on each output pixel,
 * -1 for "outside": fill 0), ToTensor + Normalize to one multiply-add per element with
 * per-channel constants. Scratch buffers are allocated once per transform, never per sample.
 */

export interface TransformOptions {
  /** null = no normalisation (only the uint8 -> [0,1] scaling). */
  normalize: NormalizeValues | null;
  augment?: AugmentConfig | null;
}

/** Random parameters drawn for one sample. */
export interface AugmentParams {
  flip: boolean;
  /** Degrees, counter-clockwise as seen on screen (torchvision convention). */
  angle: number;
  /** RandomResizedCrop's box in the source image. */
  resizedCrop?: CropBox;
  /** RandomCrop's offset into the padded image minus the padding (source = out + offset). */
  crop?: { dy: number; dx: number };
  jitter?: JitterParams;
  erase?: EraseBox;
}

const IDENTITY: AugmentParams = { flip: false, angle: 0 };

export class SampleTransform {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly plane: number;
  readonly size: number;
  readonly augments: boolean;
  private readonly aug: AugmentConfig;
  /** Per channel: out = raw * scale + bias (ToTensor's 1/255 folded in for uint8 sources). */
  private readonly scale: Float64Array;
  private readonly bias: Float64Array;
  private readonly toUnit: number;
  private readonly uint8: boolean;
  private readonly map: Int32Array;
  private readonly resized: Float32Array;
  private readonly unitScale: Float64Array;
  private readonly zeroBias: Float64Array;
  /** Per channel, the normalised value of each byte (the same float32 the multiply-add gives): one load per pixel. */
  private readonly byteTable: Float32Array;

  /**
   * @param sampleShape [C,H,W], [H,W] (one channel) or [D] (a feature vector: D channels of
   *   one element, so normalisation is per feature; no augmentation).
   * @param uint8 whether raw samples are bytes to be scaled by 1/255 (ToTensor); float
   *   sources are taken as already scaled, like ToTensor does for float tensors.
   */
  constructor(sampleShape: readonly number[], uint8: boolean, opts: TransformOptions) {
    if (sampleShape.length === 3) [this.channels, this.height, this.width] = sampleShape;
    else if (sampleShape.length === 2) [this.channels, this.height, this.width] = [1, sampleShape[0], sampleShape[1]];
    else if (sampleShape.length === 1) [this.channels, this.height, this.width] = [sampleShape[0], 1, 1];
    else throw new DataError('bad_option', `transforms: unsupported sample shape [${sampleShape.join(', ')}]`);
    this.plane = this.height * this.width;
    this.size = this.channels * this.plane;
    this.uint8 = uint8;

    const aug = (this.aug = { hflip: 0, rotation: 0, ...(opts.augment ?? {}) });
    if (!(aug.hflip >= 0 && aug.hflip <= 1)) throw new DataError('bad_option', `augment.hflip must be a probability in [0, 1], got ${aug.hflip}`);
    if (!(aug.rotation >= 0 && aug.rotation <= 360)) throw new DataError('bad_option', `augment.rotation must be in [0, 360] degrees, got ${aug.rotation}`);
    const jitter = aug.color_jitter;
    this.augments =
      aug.hflip > 0 || aug.rotation > 0 || !!aug.random_resized_crop || (aug.random_crop?.padding ?? 0) > 0 ||
      (!!jitter && (jitter.brightness > 0 || jitter.contrast > 0 || jitter.saturation > 0)) || (aug.random_erasing?.p ?? 0) > 0;
    if (this.augments && sampleShape.length === 1) {
      throw new DataError('bad_option', `augmentation needs image samples ([C,H,W] or [H,W]), got [${sampleShape.join(', ')}]`);
    }
    this.map = new Int32Array(this.plane);
    this.resized = new Float32Array(aug.random_resized_crop ? this.size : 0);

    const c = this.channels;
    const mean = opts.normalize?.mean ?? [0];
    const std = opts.normalize?.std ?? [1];
    // Like torchvision, a single value broadcasts over all channels.
    if (!(mean.length === 1 || mean.length === c) || !(std.length === 1 || std.length === c)) {
      throw new DataError('bad_option', `normalize: need 1 or ${c} mean/std values for ${c} channel(s), got ${mean.length}/${std.length}`);
    }
    this.scale = new Float64Array(c);
    this.bias = new Float64Array(c);
    this.toUnit = uint8 ? 1 / 255 : 1;
    this.unitScale = new Float64Array(c).fill(this.toUnit);
    this.zeroBias = new Float64Array(c);
    for (let i = 0; i < c; i++) {
      const m = mean.length === 1 ? mean[0] : mean[i];
      const s = std.length === 1 ? std[0] : std[i];
      if (!(s > 0) || !Number.isFinite(m)) throw new DataError('bad_option', `normalize: std must be > 0 and mean finite (channel ${i}: mean ${m}, std ${s})`);
      this.scale[i] = this.toUnit / s;
      this.bias[i] = -m / s;
    }
    this.byteTable = new Float32Array(uint8 ? 256 * c : 0);
    for (let i = 0; i < this.byteTable.length; i++) this.byteTable[i] = (i & 255) * this.scale[i >> 8] + this.bias[i >> 8];
  }

  /** Draws one sample's augmentation the way torchvision's transforms draw theirs, op by op. */
  draw(rng: Rng): AugmentParams {
    if (!this.augments) return IDENTITY;
    const a = this.aug;
    const p: AugmentParams = { flip: false, angle: 0 };
    if (a.random_resized_crop) p.resizedCrop = drawResizedCrop(rng, this.height, this.width, a.random_resized_crop.scale, a.random_resized_crop.ratio);
    const pad = a.random_crop?.padding ?? 0;
    if (pad > 0) p.crop = drawCropOffset(rng, pad);
    if (a.hflip > 0) p.flip = rng.next() < a.hflip;
    if (a.rotation > 0) p.angle = rng.uniform(-a.rotation, a.rotation);
    const j = a.color_jitter;
    if (j && (j.brightness > 0 || j.contrast > 0 || j.saturation > 0)) p.jitter = drawColorJitter(rng, j);
    const e = a.random_erasing;
    if (e && e.p > 0 && rng.next() < e.p) p.erase = drawErasing(rng, this.height, this.width, e.scale, e.ratio) ?? undefined;
    return p;
  }

  /** Transforms one sample with freshly drawn augmentation (rng needed only when augmenting). */
  apply(src: Uint8Array | Float32Array, srcOffset: number, dst: Float32Array, dstOffset: number, rng?: Rng): void {
    if (this.augments) {
      if (!rng) throw new Error('SampleTransform.apply: augmentation enabled but no rng given');
      this.applyWith(src, srcOffset, dst, dstOffset, this.draw(rng));
    } else {
      this.applyWith(src, srcOffset, dst, dstOffset, IDENTITY);
    }
  }

  /** Transforms one sample with given augmentation parameters (deterministic; used by tests and the preview). */
  applyWith(src: Uint8Array | Float32Array, srcOffset: number, dst: Float32Array, dstOffset: number, p: AugmentParams): void {
    let from: Uint8Array | Float32Array = src;
    let fromOffset = srcOffset;
    if (p.resizedCrop) {
      // Bilinear resample of the crop box to the sample size (rounded back to bytes for uint8, as F.resize does).
      resizeBilinear(src, srcOffset, this.channels, this.height, this.width, p.resizedCrop, this.resized, this.height, this.width, this.uint8);
      from = this.resized;
      fromOffset = 0;
    }
    const useMap = buildIndexMap(this.height, this.width, p.flip, p.angle, this.map, p.crop?.dy ?? 0, p.crop?.dx ?? 0);
    if (!p.jitter) {
      this.copy(from, fromOffset, dst, dstOffset, useMap, this.scale, this.bias);
    } else {
      // ColorJitter needs the whole [0,1] image (contrast uses its mean), so: scale, jitter, then normalise in place.
      this.copy(from, fromOffset, dst, dstOffset, useMap, this.unitScale, this.zeroBias);
      colorJitter(dst, dstOffset, this.channels, this.plane, p.jitter);
      for (let c = 0; c < this.channels; c++) {
        const k = this.scale[c] / this.toUnit;
        const b = this.bias[c];
        const d = dstOffset + c * this.plane;
        for (let i = 0; i < this.plane; i++) dst[d + i] = dst[d + i] * k + b;
      }
    }
    if (p.erase) erase(dst, dstOffset, this.channels, this.height, this.width, p.erase, this.aug.random_erasing?.value ?? 0);
  }

  private copy(src: Uint8Array | Float32Array, srcOffset: number, dst: Float32Array, dstOffset: number, useMap: boolean, scale: Float64Array, bias: Float64Array): void {
    const { plane, map } = this;
    for (let c = 0; c < this.channels; c++) {
      const k = scale[c];
      const b = bias[c];
      const s = srcOffset + c * plane;
      const d = dstOffset + c * plane;
      if (!useMap && this.uint8 && scale === this.scale) {
        const table = this.byteTable;
        const o = c * 256;
        for (let i = 0; i < plane; i++) dst[d + i] = table[o + src[s + i]];
      } else if (!useMap) {
        for (let i = 0; i < plane; i++) dst[d + i] = src[s + i] * k + b;
      } else {
        // Fill value 0 is applied before normalisation, so it becomes (0 - mean) / std = b.
        for (let i = 0; i < plane; i++) {
          const j = map[i];
          dst[d + i] = j < 0 ? b : src[s + j] * k + b;
        }
      }
    }
  }
}

/**
 * Fills `out` (h*w) with the source pixel index for every output pixel of
 * rotate(hflip?(crop(img))), -1 where the result has no source (fill). The crop is
 * RandomCrop's: output pixel (y, x) of the cropped image is source pixel (y + dy, x + dx),
 * outside the source = zero padding. Returns false for the identity so callers can skip it.
 *
 * Matches torchvision's tensor rotate: rotation about the image centre ((w-1)/2, (h-1)/2),
 * counter-clockwise for positive angles with y pointing down, nearest-neighbour sampling
 * with grid_sample's round-half-to-even.
 */
export function buildIndexMap(h: number, w: number, flip: boolean, angle: number, out: Int32Array, dy = 0, dx = 0): boolean {
  if (!flip && angle === 0 && dy === 0 && dx === 0) return false;
  const rad = (angle * Math.PI) / 180;
  // Inverse map (output -> source) of a CCW screen rotation: [cos -sin; sin cos].
  // Snapped so multiples of 90 degrees are exact (cos(pi/2) is 6e-17, not 0).
  const cos = snap(Math.cos(rad));
  const sin = snap(Math.sin(rad));
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  let i = 0;
  for (let y = 0; y < h; y++) {
    const ddy = y - cy;
    // Row start in source coordinates (+ OFF + 0.5, see below); stepping x adds (cos, sin).
    let sx = -cx * cos - ddy * sin + cx + OFF + 0.5;
    let sy = -cx * sin + ddy * cos + cy + OFF + 0.5;
    for (let x = 0; x < w; x++, i++, sx += cos, sy += sin) {
      // floor(v + 0.5) via integer truncation of a positive number; an exact integer here
      // means v was a tie, which grid_sample's nearbyint rounds to even (OFF is even).
      let ix = sx | 0;
      if (ix === sx && (ix & 1) !== 0) ix--;
      let iy = sy | 0;
      if (iy === sy && (iy & 1) !== 0) iy--;
      ix -= OFF;
      iy -= OFF;
      // Unsigned compare folds the < 0 test into the upper bound.
      if (ix >>> 0 >= w || iy >>> 0 >= h) {
        out[i] = -1;
        continue;
      }
      const qy = iy + dy;
      const qx = (flip ? w - 1 - ix : ix) + dx;
      out[i] = qx >>> 0 >= w || qy >>> 0 >= h ? -1 : qy * w + qx;
    }
  }
  return true;
}

/** Keeps rounding arguments positive so `| 0` floors; images are far smaller than this. */
const OFF = 1 << 20;

function snap(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-12 ? r : v;
}
