import type { Rng } from '../../util/rng';

/**
 * RandomCrop(size = the sample size, padding = p): pad every side with p zeros, then take a
 * size-sized window at top = randint(0, 2p), left = randint(0, 2p) (get_params draws top
 * first). Returned as the offset from output to source pixel: dy = top - p, dx = left - p.
 */
export function drawCropOffset(rng: Rng, padding: number): { dy: number; dx: number } {
  const top = rng.int(2 * padding + 1);
  const left = rng.int(2 * padding + 1);
  return { dy: top - padding, dx: left - padding };
}
