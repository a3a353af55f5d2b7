import type { Rng } from '../../util/rng';
import { roundHalfEven } from './pyRound';

/** Crop box in source pixels: top row i, left column j, height h, width w. */
export interface CropBox {
  i: number;
  j: number;
  h: number;
  w: number;
}

/**
 * RandomResizedCrop.get_params (torchvision 0.14): up to 10 tries of an area fraction
 * uniform in `scale` and a log-uniform aspect ratio in `ratio`; else the central crop
 * clamped to the ratio range.
 */
export function drawResizedCrop(rng: Rng, height: number, width: number, scale: readonly [number, number], ratio: readonly [number, number]): CropBox {
  const area = height * width;
  const logLo = Math.log(ratio[0]);
  const logHi = Math.log(ratio[1]);
  for (let t = 0; t < 10; t++) {
    const target = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logLo, logHi));
    const w = roundHalfEven(Math.sqrt(target * aspect));
    const h = roundHalfEven(Math.sqrt(target / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const i = rng.int(height - h + 1);
      const j = rng.int(width - w + 1);
      return { i, j, h, w };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < Math.min(ratio[0], ratio[1])) h = roundHalfEven(w / Math.min(ratio[0], ratio[1]));
  else if (inRatio > Math.max(ratio[0], ratio[1])) w = roundHalfEven(h * Math.max(ratio[0], ratio[1]));
  return { i: Math.floor((height - h) / 2), j: Math.floor((width - w) / 2), h, w };
}

/**
 * F.resized_crop on a CHW tensor: crop `box`, then bilinear resize to outH×outW as
 * torch.nn.functional.interpolate(mode='bilinear', align_corners=False, antialias=False)
 * computes it; uint8 sources are rounded back to bytes as torchvision does for uint8 tensors.
 */
export function resizeBilinear(
  src: Uint8Array | Float32Array, srcOffset: number, channels: number, srcH: number, srcW: number,
  box: CropBox, out: Float32Array, outH: number, outW: number, roundToBytes: boolean,
): void {
  const sy = box.h / outH;
  const sx = box.w / outW;
  for (let y = 0; y < outH; y++) {
    const fy = Math.max((y + 0.5) * sy - 0.5, 0);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, box.h - 1);
    const ly = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.max((x + 0.5) * sx - 0.5, 0);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, box.w - 1);
      const lx = fx - x0;
      const r0 = (box.i + y0) * srcW + box.j;
      const r1 = (box.i + y1) * srcW + box.j;
      for (let c = 0; c < channels; c++) {
        const base = srcOffset + c * srcH * srcW;
        const top = src[base + r0 + x0] * (1 - lx) + src[base + r0 + x1] * lx;
        const bottom = src[base + r1 + x0] * (1 - lx) + src[base + r1 + x1] * lx;
        const v = top * (1 - ly) + bottom * ly;
        out[c * outH * outW + y * outW + x] = roundToBytes ? Math.min(255, Math.max(0, Math.round(v))) : v;
      }
    }
  }
}
