import type { CheckResult } from '../../check/types';
import { bufferLayout, initBuffers, initParams, paramLayout, vectorFromWeights, type TensorLayout } from '../../compile/paramLayout';
import type { ProjectDocument } from '../../graph/document';
import { CompileError } from '../../ir/errors';
import type { RunDataFacts } from '../../train/events';

export interface WeightSource {
  /** Trained flat parameter vector (Wiregrad's layout); else `weights` by name; else the seeded initial weights. */
  params?: Float32Array;
  /** Trained flat buffer vector (BatchNorm's running statistics); else `weights` by name; else their initial values. */
  buffers?: Float32Array;
  /** Trained tensors by state_dict name (`<nodeId>.weight`, `<nodeId>.running_mean`, ...). */
  weights?: Map<string, Float32Array>;
  /** Seed of the initial weights (default: the project's). */
  seed?: number;
  /** Where given weights came from, in words for the script's header (default "the trained weights"). */
  origin?: string;
  /** The trained run's class names and normalisation (ONNX metadata). */
  data?: RunDataFacts;
}

export const WEIGHTS_FORMAT = 'wiregrad-weights';

/** One vector (parameters or buffers): the given one, assembled from named tensors, or its initial value. */
function vectorOf(layout: TensorLayout, given: Float32Array | undefined, named: Map<string, Float32Array> | undefined, initial: () => Float32Array, what: string): Float32Array {
  if (given) {
    if (given.length !== layout.total) {
      throw new CompileError('WEIGHTS_MISMATCH', `The ${what} hold ${given.length} values but the model has ${layout.total}; were they trained on another version of this graph?`);
    }
    return given;
  }
  return named ? vectorFromWeights(layout, named) : initial();
}

/**
 * The weights beside an exported script, in a form torch reads with no extra package: the
 * flat parameter vector followed by the flat buffer vector as raw little-endian float32,
 * and a JSON index of their tensors by state_dict key. The index keeps each tensor's init
 * so the script can draw the initial weights of another `--seed` exactly as
 * `wiregrad train --seed N` would.
 */
export function weightsFiles(doc: ProjectDocument, check: CheckResult, attrs: Map<string, string>, src: WeightSource, binName: string): { bin: Uint8Array; index: string } {
  const layouts = { param: paramLayout(doc, check), buffer: bufferLayout(doc, check) };
  const seed = src.seed ?? doc.training.seed;
  const params = vectorOf(layouts.param, src.params, src.weights, () => initParams(layouts.param, seed), 'parameters');
  const buffers = vectorOf(layouts.buffer, src.buffers, src.weights, () => initBuffers(layouts.buffer), 'buffers');
  const bin = new Uint8Array((params.length + buffers.length) * 4);
  const view = new DataView(bin.buffer);
  params.forEach((v, i) => view.setFloat32(i * 4, v, true));
  buffers.forEach((v, i) => view.setFloat32((params.length + i) * 4, v, true));
  const trained = src.params !== undefined || src.weights !== undefined;
  const tensors = (kind: 'param' | 'buffer', base: number) =>
    layouts[kind].slots.map((s) => {
      const attr = attrs.get(s.nodeId);
      if (!attr) throw new Error(`no attribute for node ${s.nodeId}, which holds ${s.name}`);
      return { name: s.name, key: `${attr}.${s.role}`, kind, shape: s.shape, offset: base + s.offset, init: s.init };
    });
  const index = {
    format: WEIGHTS_FORMAT,
    version: 1,
    project: doc.name,
    file: binName,
    dtype: 'float32',
    byte_order: 'little',
    total: params.length + buffers.length,
    source: trained ? 'trained' : 'initial',
    ...(trained ? {} : { seed, init: "parameters in order: uniform(-bound, bound) from Wiregrad's generator Rng(seed).fork(1), constants draw nothing" }),
    tensors: [...tensors('param', 0), ...tensors('buffer', params.length)],
  };
  return { bin, index: JSON.stringify(index, null, 1) + '\n' };
}
