import type { Dataset } from './dataset';
import type { LoaderOptions } from './loader';

export const EMPTY = 0;
export const FULL = 1;

/** Data worker start message: the dataset over shared memory and the slot ring. */
export interface PrefetchInit {
  /** `stream` cannot cross threads: a streamed dataset sends its cache file instead. */
  dataset: Omit<Dataset, 'stream'> & { stream?: undefined; streamFile?: string; streamSlots?: Int32Array };
  indices: Int32Array;
  batchSize: number;
  opts: LoaderOptions;
  /** Per slot: EMPTY or FULL. */
  state: Int32Array;
  /** [generation, start epoch]. */
  control: Int32Array;
  /** Per slot: [generation, epoch, size]. */
  meta: Int32Array;
  x: Float32Array[];
  y: (BigInt64Array | Float32Array)[];
  slotIndices: Int32Array[];
}
