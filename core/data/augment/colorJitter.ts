import type { Rng } from '../../util/rng';

export interface JitterParams {
  /** Order in which brightness (0), contrast (1) and saturation (2) are applied. */
  order: number[];
  brightness: number | null;
  contrast: number | null;
  saturation: number | null;
}

/** ColorJitter.get_params: a random order, then each factor uniform in [max(0, 1 - v), 1 + v] (null when v = 0). */
export function drawColorJitter(rng: Rng, cfg: { brightness: number; contrast: number; saturation: number }): JitterParams {
  const order = rng.shuffle([0, 1, 2]);
  const factor = (v: number) => (v > 0 ? rng.uniform(Math.max(0, 1 - v), 1 + v) : null);
  return { order, brightness: factor(cfg.brightness), contrast: factor(cfg.contrast), saturation: factor(cfg.saturation) };
}

/** torchvision's rgb_to_grayscale weights. */
const GR = 0.2989;
const GG = 0.587;
const GB = 0.114;

/**
 * Applies the jitter to a CHW float image in [0, 1], in place, with torchvision's tensor
 * semantics: brightness blends with black, contrast with the mean of the greyscale image,
 * saturation with the per-pixel greyscale (a no-op on one channel); each result clamped to [0, 1].
 */
export function colorJitter(img: Float32Array, off: number, channels: number, plane: number, p: JitterParams): void {
  for (const op of p.order) {
    if (op === 0 && p.brightness !== null) {
      const f = p.brightness;
      for (let i = 0; i < channels * plane; i++) img[off + i] = clamp01(img[off + i] * f);
    } else if (op === 1 && p.contrast !== null) {
      const f = p.contrast;
      let sum = 0;
      if (channels === 3) for (let i = 0; i < plane; i++) sum += GR * img[off + i] + GG * img[off + plane + i] + GB * img[off + 2 * plane + i];
      else for (let i = 0; i < plane; i++) sum += img[off + i];
      const mean = sum / plane;
      for (let i = 0; i < channels * plane; i++) img[off + i] = clamp01(f * img[off + i] + (1 - f) * mean);
    } else if (op === 2 && p.saturation !== null && channels === 3) {
      const f = p.saturation;
      for (let i = 0; i < plane; i++) {
        const g = GR * img[off + i] + GG * img[off + plane + i] + GB * img[off + 2 * plane + i];
        for (let c = 0; c < 3; c++) img[off + c * plane + i] = clamp01(f * img[off + c * plane + i] + (1 - f) * g);
      }
    }
  }
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
