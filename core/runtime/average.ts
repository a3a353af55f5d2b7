/**
 * The shard-size-weighted gradient average of data parallelism, split into parts so that
 * every replica computes one part at the same time (an all-reduce in shared memory).
 */

/** [lo, hi) of part `i` of `n` over a vector of `total` elements. */
export function partRange(total: number, n: number, i: number): [number, number] {
  const base = Math.floor(total / n);
  const rem = total % n;
  const lo = i * base + Math.min(i, rem);
  return [lo, lo + base + (i < rem ? 1 : 0)];
}

/**
 * out[j] = Σ_u w_u · g_u[j] for j in [lo, hi), summed in float64 and rounded once.
 * Monomorphic loops for the common replica counts keep this fast.
 */
export function averageRange(out: Float32Array, g: Float32Array[], w: number[], lo = 0, hi = out.length): void {
  if (g.length === 1) {
    const [a] = g;
    const [wa] = w;
    for (let j = lo; j < hi; j++) out[j] = wa * a[j];
  } else if (g.length === 2) {
    const [a, b] = g;
    const [wa, wb] = w;
    for (let j = lo; j < hi; j++) out[j] = wa * a[j] + wb * b[j];
  } else if (g.length === 3) {
    const [a, b, c] = g;
    const [wa, wb, wc] = w;
    for (let j = lo; j < hi; j++) out[j] = wa * a[j] + wb * b[j] + wc * c[j];
  } else {
    for (let j = lo; j < hi; j++) {
      let s = 0;
      for (let u = 0; u < g.length; u++) s += w[u] * g[u][j];
      out[j] = s;
    }
  }
}
