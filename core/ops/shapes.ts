import { CompileError } from '../ir/errors';
import type { Value } from '../ir/ir';

/** Numpy-style multidirectional broadcast of two shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new CompileError('IR_BROADCAST', `${op}: shapes [${a}] and [${b}] do not broadcast`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** PyTorch/ONNX output size of a conv or pool window along one axis (floor mode). */
export function windowOutSize(inSize: number, kernel: number, stride: number, padBegin: number, padEnd: number, dilation = 1): number {
  return Math.floor((inSize + padBegin + padEnd - dilation * (kernel - 1) - 1) / stride) + 1;
}

export function expectRank(op: string, v: Value, rank: number): void {
  if (v.shape.length !== rank) {
    throw new CompileError('IR_RANK', `${op} expects a rank-${rank} input, got [${v.shape}]`);
  }
}

export function ints(x: unknown, fallback: number[]): number[] {
  return Array.isArray(x) ? (x as number[]) : fallback;
}

export function int(x: unknown, fallback: number): number {
  return typeof x === 'number' ? x : fallback;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
