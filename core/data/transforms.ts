import type { AugmentConfig, NormalizeConfig } from '../graph/document';
import type { Rng } from '../util/rng';
import { DataError } from './errors';

/**
 * The per-sample pipeline, equivalent to the torchvision composition
 *   RandomHorizontalFlip(p) -> RandomRotation(degrees) -> ToTensor() -> Normalize(mean, std)
 * fused into one pass: augmentation is reduced to a source-index map (which input pixel
 * lands on each output pixel, -1 for "outside": fill 0), and ToTensor + Normalize to one
 * multiply-add per pixel with per-channel constants. No per-pixel closures or allocation.
 */

/** Normalisation torchvision users would type for well-known datasets; null = none known. */
export function defaultNormalize(datasetName: string): NormalizeConfig | null {
  switch (datasetName.toLowerCase()) {
    case 'mnist':
      return { mean: [0.1307], std: [0.3081] };
    case 'fashion-mnist':
    case 'fashionmnist':
      return { mean: [0.286], std: [0.353] };
    case 'cifar10':
    case 'cifar-10':
      return { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] };
    default:
      return null;
  }
}

/** TrainingConfig semantics: an explicit config wins, null means the dataset's default (if any). */
export function resolveNormalize(datasetName: string, normalize: NormalizeConfig | null | undefined): NormalizeConfig | null {
  return normalize ?? defaultNormalize(datasetName);
}

export interface TransformOptions {
  /** null = no normalisation (only the uint8 -> [0,1] scaling). */
  normalize: NormalizeConfig | null;
  augment?: AugmentConfig | null;
}

/** Random parameters drawn for one sample. */
export interface AugmentParams {
  flip: boolean;
  /** Degrees, counter-clockwise as seen on screen (torchvision convention). */
  angle: number;
}

const IDENTITY: AugmentParams = { flip: false, angle: 0 };

export class SampleTransform {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly plane: number;
  readonly size: number;
  readonly augments: boolean;
  private readonly hflip: number;
  private readonly rotation: number;
  /** Per channel: out = raw * scale + bias (ToTensor's 1/255 folded in for uint8 sources). */
  private readonly scale: Float64Array;
  private readonly bias: Float64Array;
  private readonly map: Int32Array;

  /**
   * @param sampleShape [C,H,W], [H,W] (one channel) or [D] (flat, no augmentation).
   * @param uint8 whether raw samples are bytes to be scaled by 1/255 (ToTensor); float
   *   sources are taken as already scaled, like ToTensor does for float tensors.
   */
  constructor(sampleShape: readonly number[], uint8: boolean, opts: TransformOptions) {
    if (sampleShape.length === 3) [this.channels, this.height, this.width] = sampleShape;
    else if (sampleShape.length === 2) [this.channels, this.height, this.width] = [1, sampleShape[0], sampleShape[1]];
    else if (sampleShape.length === 1) [this.channels, this.height, this.width] = [1, 1, sampleShape[0]];
    else throw new DataError('bad_option', `transforms: unsupported sample shape [${sampleShape.join(', ')}]`);
    this.plane = this.height * this.width;
    this.size = this.channels * this.plane;

    const aug = opts.augment ?? { hflip: 0, rotation: 0 };
    if (!(aug.hflip >= 0 && aug.hflip <= 1)) throw new DataError('bad_option', `augment.hflip must be a probability in [0, 1], got ${aug.hflip}`);
    if (!(aug.rotation >= 0 && aug.rotation <= 360)) throw new DataError('bad_option', `augment.rotation must be in [0, 360] degrees, got ${aug.rotation}`);
    this.hflip = aug.hflip;
    this.rotation = aug.rotation;
    this.augments = this.hflip > 0 || this.rotation > 0;
    if (this.augments && sampleShape.length === 1) {
      throw new DataError('bad_option', `augmentation needs image samples ([C,H,W] or [H,W]), got [${sampleShape.join(', ')}]`);
    }
    this.map = new Int32Array(this.plane);

    const c = this.channels;
    const mean = opts.normalize?.mean ?? [0];
    const std = opts.normalize?.std ?? [1];
    // Like torchvision, a single value broadcasts over all channels.
    if (!(mean.length === 1 || mean.length === c) || !(std.length === 1 || std.length === c)) {
      throw new DataError('bad_option', `normalize: need 1 or ${c} mean/std values for ${c} channel(s), got ${mean.length}/${std.length}`);
    }
    this.scale = new Float64Array(c);
    this.bias = new Float64Array(c);
    const toUnit = uint8 ? 1 / 255 : 1;
    for (let i = 0; i < c; i++) {
      const m = mean.length === 1 ? mean[0] : mean[i];
      const s = std.length === 1 ? std[0] : std[i];
      if (!(s > 0) || !Number.isFinite(m)) throw new DataError('bad_option', `normalize: std must be > 0 and mean finite (channel ${i}: mean ${m}, std ${s})`);
      this.scale[i] = toUnit / s;
      this.bias[i] = -m / s;
    }
  }

  /**
   * Draws one sample's augmentation exactly as torchvision does: the flip coin only when
   * p > 0, then the angle uniform in [-degrees, degrees] only when degrees > 0.
   */
  draw(rng: Rng): AugmentParams {
    if (!this.augments) return IDENTITY;
    const flip = this.hflip > 0 ? rng.next() < this.hflip : false;
    const angle = this.rotation > 0 ? rng.uniform(-this.rotation, this.rotation) : 0;
    return { flip, angle };
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

  /** Transforms one sample with given augmentation parameters (deterministic; used by tests). */
  applyWith(src: Uint8Array | Float32Array, srcOffset: number, dst: Float32Array, dstOffset: number, p: AugmentParams): void {
    const useMap = buildIndexMap(this.height, this.width, p.flip, p.angle, this.map);
    const { plane, scale, bias, map } = this;
    for (let c = 0; c < this.channels; c++) {
      const k = scale[c];
      const b = bias[c];
      const s = srcOffset + c * plane;
      const d = dstOffset + c * plane;
      if (!useMap) {
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
 * rotate(hflip?(img), angle), -1 where the rotated image has no source (fill).
 * Returns false for the identity so callers can skip the indirection.
 *
 * Matches torchvision's tensor rotate: rotation about the image centre ((w-1)/2, (h-1)/2),
 * counter-clockwise for positive angles with y pointing down, nearest-neighbour sampling
 * with grid_sample's round-half-to-even.
 */
export function buildIndexMap(h: number, w: number, flip: boolean, angle: number, out: Int32Array): boolean {
  if (!flip && angle === 0) return false;
  const rad = (angle * Math.PI) / 180;
  // Inverse map (output -> source) of a CCW screen rotation: [cos -sin; sin cos].
  // Snapped so multiples of 90 degrees are exact (cos(pi/2) is 6e-17, not 0).
  const cos = snap(Math.cos(rad));
  const sin = snap(Math.sin(rad));
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  let i = 0;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // Row start in source coordinates (+ OFF + 0.5, see below); stepping x adds (cos, sin).
    let sx = -cx * cos - dy * sin + cx + OFF + 0.5;
    let sy = -cx * sin + dy * cos + cy + OFF + 0.5;
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
      if (ix >>> 0 >= w || iy >>> 0 >= h) out[i] = -1;
      else out[i] = iy * w + (flip ? w - 1 - ix : ix);
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
