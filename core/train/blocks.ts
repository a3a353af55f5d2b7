/**
 * Collects k full batches back to back, the layout the K-step Loop model reads
 * (xs: [k, batch, ...sample], ys: [k, batch]). Copies are needed anyway because the
 * loader reuses its batch buffers.
 */
export class BlockBuffer {
  readonly xs: Float32Array;
  readonly ys: BigInt64Array;
  count = 0;

  constructor(
    readonly k: number,
    readonly batch: number,
    readonly sampleSize: number,
  ) {
    this.xs = new Float32Array(k * batch * sampleSize);
    this.ys = new BigInt64Array(k * batch);
  }

  add(x: Float32Array, y: BigInt64Array): void {
    this.xs.set(x, this.count * this.batch * this.sampleSize);
    this.ys.set(y, this.count * this.batch);
    this.count++;
  }

  /** The gathered batches as single-step runs (for a partial block). */
  singles(): { k: number; x: Float32Array; y: BigInt64Array }[] {
    const n = this.batch * this.sampleSize;
    return Array.from({ length: this.count }, (_, i) => ({
      k: 1,
      x: this.xs.subarray(i * n, (i + 1) * n),
      y: this.ys.subarray(i * this.batch, (i + 1) * this.batch),
    }));
  }

  clear(): void {
    this.count = 0;
  }
}
