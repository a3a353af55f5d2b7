import type { Rng } from '../../util/rng';
import { roundHalfEven } from './pyRound';

export interface EraseBox {
  i: number;
  j: number;
  h: number;
  w: number;
}

/**
 * RandomErasing.get_params (torchvision 0.14), after its `rand < p` coin: up to 10 tries of
 * an erased area fraction uniform in `scale` and a log-uniform aspect in `ratio`; null when
 * no try fits (torchvision then returns the image unchanged).
 */
export function drawErasing(rng: Rng, height: number, width: number, scale: readonly [number, number], ratio: readonly [number, number]): EraseBox | null {
  const area = height * width;
  const logLo = Math.log(ratio[0]);
  const logHi = Math.log(ratio[1]);
  for (let t = 0; t < 10; t++) {
    const eraseArea = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logLo, logHi));
    const h = roundHalfEven(Math.sqrt(eraseArea * aspect));
    const w = roundHalfEven(Math.sqrt(eraseArea / aspect));
    if (!(h < height && w < width)) continue;
    return { i: rng.int(height - h + 1), j: rng.int(width - w + 1), h, w };
  }
  return null;
}

/** F.erase: every channel of the box set to `value` (on the normalised tensor). */
export function erase(img: Float32Array, off: number, channels: number, height: number, width: number, box: EraseBox, value: number): void {
  for (let c = 0; c < channels; c++) {
    for (let y = box.i; y < box.i + box.h; y++) {
      const row = off + c * height * width + y * width;
      img.fill(value, row + box.j, row + box.j + box.w);
    }
  }
}
