import type { Dataset } from './dataset';
import { numel } from '../ir/ir';

/**
 * Where sample `i`'s raw values are: a view into the in-memory array, or (for a streamed
 * dataset) read from its decode cache into `scratch` (one sample long), reused by the caller.
 */
export function readSample(ds: Dataset, i: number, scratch: Uint8Array | Float32Array): { src: Uint8Array | Float32Array; offset: number } {
  if (!ds.stream) return { src: ds.images, offset: i * numel(ds.sampleShape) };
  ds.stream.read(i, scratch as Uint8Array, 0);
  return { src: scratch, offset: 0 };
}

/** Raw values of one sample as a fresh array (for display and tests, not the training path). */
export function sampleCopy(ds: Dataset, i: number): Uint8Array | Float32Array {
  const n = numel(ds.sampleShape);
  const scratch = ds.images instanceof Uint8Array ? new Uint8Array(n) : new Float32Array(n);
  const { src, offset } = readSample(ds, i, scratch);
  return src === scratch ? scratch : src.slice(offset, offset + n);
}
