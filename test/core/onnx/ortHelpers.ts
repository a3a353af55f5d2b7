/** Helpers for tests that run emitted ONNX models with onnxruntime-node (CPU). */
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { expect } from 'vitest';
import type { DType, Program } from '../../../core/ir/ir';
import { valueName } from '../../../core/ir/ir';
import type { RefTensor } from '../../reference/tensor';

export { ort };

export function ortTensor(t: RefTensor, dtype: DType): ort.Tensor {
  if (dtype === 'int64') return new ort.Tensor('int64', BigInt64Array.from(Array.from(t.data, (v) => BigInt(Math.trunc(v)))), t.shape);
  if (dtype === 'bool') return new ort.Tensor('bool', Uint8Array.from(t.data, (v) => (v ? 1 : 0)), t.shape);
  return new ort.Tensor('float32', Float32Array.from(t.data), t.shape);
}

export function fromOrt(t: ort.Tensor): RefTensor {
  const data = t.data as ArrayLike<number | bigint>;
  return { shape: [...t.dims], data: Float64Array.from(Array.from(data, (v) => Number(v))) };
}

export async function createSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 });
}

/** Runs an emitted program with feeds keyed by graph input name; returns outputs as float64 tensors. */
export async function runOrt(bytes: Uint8Array, program: Program, feeds: Record<string, RefTensor>): Promise<Record<string, RefTensor>> {
  const session = await createSession(bytes);
  try {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const v of program.inputs) ortFeeds[valueName(v)] = ortTensor(feeds[valueName(v)], v.dtype);
    const out = await session.run(ortFeeds);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, fromOrt(t)]));
  } finally {
    await session.release();
  }
}

/** |a − b| ≤ tol · max(1, |b|) elementwise, with the worst element in the message. */
export function expectClose(actual: RefTensor, expected: RefTensor, tol: number, what: string): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.data.length; i++) {
    const err = Math.abs(actual.data[i] - expected.data[i]) / Math.max(1, Math.abs(expected.data[i]));
    if (!(err <= worst)) [worst, at] = [Number.isNaN(err) ? Infinity : err, i];
  }
  expect(worst, `${what}[${at}]: got ${actual.data[at]}, reference ${expected.data[at]}`).toBeLessThanOrEqual(tol);
}

/**
 * Structural checks that need no Python: opset 17 of the default domain, every node input is
 * a graph input, an initializer or an earlier node's output, every graph output is produced,
 * node names are unique and each passes `nameOk`.
 */
export function checkStructure(bytes: Uint8Array, nameOk: (name: string) => boolean): onnx.ModelProto {
  const model = onnx.ModelProto.decode(bytes);
  expect(model.opsetImport.map((o) => [o.domain ?? '', Number(o.version)])).toEqual([['', 17]]);
  const graph = model.graph!;
  const available = new Set<string>([...(graph.input ?? []).map((i) => i.name!), ...(graph.initializer ?? []).map((t) => t.name!)]);
  const names = new Set<string>();
  for (const node of graph.node ?? []) {
    for (const input of node.input ?? []) {
      if (input === '') continue; // omitted optional input
      expect(available.has(input), `node ${node.name} (${node.opType}) reads ${input} before it is produced`).toBe(true);
    }
    for (const output of node.output ?? []) {
      expect(available.has(output), `${output} is produced twice (node ${node.name})`).toBe(false);
      available.add(output);
    }
    expect(names.has(node.name!), `node name ${node.name} is used twice`).toBe(false);
    names.add(node.name!);
    expect(nameOk(node.name!), `node name "${node.name}" does not lead back to a scope`).toBe(true);
  }
  for (const o of graph.output ?? []) expect(available.has(o.name!), `graph output ${o.name} is never produced`).toBe(true);
  return model;
}
