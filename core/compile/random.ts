import type { Builder } from '../ir/builder';
import { numel, type Value } from '../ir/ir';

/**
 * In-graph counter-based random numbers. ONNX's random ops take their seed as a static
 * attribute, so a mask drawn with them would be the same every step (or depend on the
 * session's lifetime). Instead the noise is a hash of (run seed, step, node, element index)
 * built from integer Mul/Add/Mod, so:
 *  - a project seed fixes every mask of a run, and a resumed run draws the same ones;
 *  - K steps fused into one Loop equal K single steps (the step counter is carried);
 *  - data-parallel replicas get independent streams (each is fed its own seed), or, where
 *    they stand in for one device (plain "cpu"), share one seed and are fed their shard's
 *    first sample index (`offset`): an element's noise then depends on its GLOBAL index
 *    in the batch, so the masks are the same however the batch is split.
 * Arithmetic is modulo the prime 2^26 − 5, so every intermediate (at most a square of
 * 26 bits) is exact in int64 AND in float64, which keeps the reference interpreter exact.
 * Tensors of more than 2^26 elements would repeat their pattern; dropout on activations
 * that large is far beyond what fits in memory here.
 */
const M = 67108859; // 2^26 − 5, prime
const ROUNDS: [number, number][] = [
  [48271, 12345],
  [69621, 40503],
  [16807, 9973],
];

/** A 31-bit salt from a node path, so two Dropout layers draw different masks. */
export function saltOf(path: string): number {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619) >>> 0;
  return h % M;
}

/**
 * Uniform [0, 1) float32 of `shape`, from int64 scalar `seed` and float32 scalar `step`.
 * `offset` (int64 scalar, optional): index of this tensor's first sample (axis 0) in the
 * whole batch, so a shard draws exactly the noise of its rows of the unsplit batch.
 */
export function uniformNoise(b: Builder, seed: Value, step: Value, salt: number, shape: number[], offset?: Value): Value {
  const i64 = (x: number) => b.scalar(x, 'int64');
  const mod = (x: Value) => b.op1('Mod', [x, i64(M)]);
  const affine = (x: Value, a: number, c: number) => mod(b.add(b.mul(x, i64(a)), i64(c)));
  const square = (x: Value, c: number) => mod(b.add(b.mul(x, x), i64(c)));

  // Per (seed, step, node) key, mixed on scalars.
  const s = mod(seed);
  const t = mod(b.op1('Cast', [step], { to: 'int64' }));
  let key = mod(b.add(b.add(b.mul(s, i64(48271)), b.mul(t, i64(69621))), i64(salt)));
  key = square(key, 7);
  key = affine(key, 16807, 1);

  // Per element: keyed affine and squaring rounds. Squaring makes the map non-linear in the
  // index; adding the key in every round makes each (seed, step, node) its own function
  // rather than a shifted window of one fixed sequence.
  const n = numel(shape);
  const key2 = affine(key, 48271, 11);
  let index = b.op1('Range', [], { start: 0, limit: n, delta: 1 });
  const perSample = shape.length ? n / Math.max(1, shape[0]) : n;
  if (offset) index = b.add(index, mod(b.mul(offset, i64(perSample))));
  let x = mod(b.add(index, key));
  for (const [a, c] of ROUNDS) x = square(mod(b.add(affine(x, a, c), key2)), c + 1);
  x = affine(x, 48271, 3);
  // Top 24 bits: exactly representable in float32, so the result is in [0, 1) and never 1.
  const top = b.op1('Div', [x, i64(4)]);
  const u = b.mul(b.op1('Cast', [top], { to: 'float32' }), b.scalar(1 / 16777216));
  return b.reshape(u, shape);
}
