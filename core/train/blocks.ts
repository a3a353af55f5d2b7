import type { StepBlock, Targets } from '../runtime/bind';

/**
 * Collects k full batches back to back, the layout the K-step Loop model reads
 * (xs: [k, batch, ...sample], ys: [k, batch, ...target], lrs: [k]). Copies are needed
 * anyway because the loader reuses its batch buffers.
 */
export class BlockBuffer {
  readonly xs: Float32Array;
  readonly ys: Targets;
  readonly lrs: Float32Array;
  count = 0;

  constructor(
    readonly k: number,
    readonly batch: number,
    readonly sampleSize: number,
    /** Elements per sample's target (1 for class labels) and whether targets are float. */
    readonly target: { size: number; float: boolean } = { size: 1, float: false },
  ) {
    this.xs = new Float32Array(k * batch * sampleSize);
    this.ys = target.float ? new Float32Array(k * batch * target.size) : new BigInt64Array(k * batch * target.size);
    this.lrs = new Float32Array(k);
  }

  add(x: Float32Array, y: Targets, lr: number): void {
    this.xs.set(x, this.count * this.batch * this.sampleSize);
    (this.ys as Float32Array).set(y as Float32Array, this.count * this.batch * this.target.size);
    this.lrs[this.count] = lr;
    this.count++;
  }

  /** The whole block as one K-step run. */
  block(): StepBlock {
    return { xs: this.xs, ys: this.ys, lrs: this.lrs, k: this.k };
  }

  /** The gathered batches as single-step runs (for a partial block). */
  singles(): StepBlock[] {
    const n = this.batch * this.sampleSize;
    const t = this.batch * this.target.size;
    return Array.from({ length: this.count }, (_, i) => ({
      k: 1,
      xs: this.xs.subarray(i * n, (i + 1) * n),
      ys: this.ys.subarray(i * t, (i + 1) * t),
      lrs: this.lrs.subarray(i, i + 1),
    }));
  }

  clear(): void {
    this.count = 0;
  }
}
