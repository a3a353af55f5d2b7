/**
 * The batch size for evaluation (validation and test), which needs no gradients: as large as
 * fits in EVAL_BYTES of activations (≤ MAX_EVAL_BATCH), so an epoch's evaluation is a few
 * runs instead of dozens, and preferably a divisor of the split's size, so there is no short
 * last batch (each batch size is a session of its own, compiled on first use).
 */
export const EVAL_BYTES = 64 * 2 ** 20;
export const MAX_EVAL_BATCH = 1000;

export function evalBatchSize(count: number, trainBatch: number, activationsPerSample: number): number {
  const fits = Math.floor(EVAL_BYTES / (4 * Math.max(1, activationsPerSample)));
  const cap = Math.max(1, Math.min(count, Math.max(trainBatch, Math.min(MAX_EVAL_BATCH, fits))));
  // A divisor at least half the cap keeps the number of runs within 2x of the fewest.
  for (let b = cap; b >= Math.ceil(cap / 2); b--) if (count % b === 0) return b;
  return cap;
}
