import type { CheckResult } from '../../check/types';
import { initParams, paramLayout } from '../../compile/paramLayout';
import type { ProjectDocument } from '../../graph/document';
import { CompileError } from '../../ir/errors';

export interface WeightSource {
  /** Trained flat parameter vector (Wiregrad's layout); else `weights` by name; else the seeded initial weights. */
  params?: Float32Array;
  /** Trained tensors named `<nodeId>.<role>`. */
  weights?: Map<string, Float32Array>;
  /** Seed of the initial weights (default: the project's). */
  seed?: number;
}

export const WEIGHTS_FORMAT = 'wiregrad-weights';

/**
 * The weights beside an exported script, in a form torch reads with no extra package: the
 * flat parameter vector as raw little-endian float32, and a JSON index of its tensors. The
 * index keeps Wiregrad's whole layout (with each tensor's init bound) so the script can draw
 * the initial weights of another `--seed` exactly as `wiregrad train --seed N` would.
 */
export function weightsFiles(doc: ProjectDocument, check: CheckResult, attrs: Map<string, string>, src: WeightSource, binName: string): { bin: Uint8Array; index: string } {
  const layout = paramLayout(doc, check);
  const seed = src.seed ?? doc.training.seed;
  let flat: Float32Array;
  if (src.params) {
    if (src.params.length !== layout.total) {
      throw new CompileError('WEIGHTS_MISMATCH', `The weights hold ${src.params.length} values but the model has ${layout.total} parameters; were they trained on another version of this graph?`);
    }
    flat = src.params;
  } else if (src.weights) {
    flat = new Float32Array(layout.total);
    for (const s of layout.slots) {
      const w = src.weights.get(s.name);
      if (!w || w.length !== s.size) {
        throw new CompileError('WEIGHTS_MISMATCH', `The weights ${w ? `give ${s.name} ${w.length} values, not ${s.size}` : `lack ${s.name}`}`, s.nodeId);
      }
      flat.set(w, s.offset);
    }
  } else {
    flat = initParams(layout, seed);
  }
  const bin = new Uint8Array(flat.length * 4);
  const view = new DataView(bin.buffer);
  for (let i = 0; i < flat.length; i++) view.setFloat32(i * 4, flat[i], true);
  const trained = src.params !== undefined || src.weights !== undefined;
  const index = {
    format: WEIGHTS_FORMAT,
    version: 1,
    project: doc.name,
    file: binName,
    dtype: 'float32',
    byte_order: 'little',
    total: layout.total,
    source: trained ? 'trained' : 'initial',
    ...(trained ? {} : { seed, init: 'uniform(-init_bound, init_bound), tensor after tensor in this order, from Wiregrad\'s generator Rng(seed).fork(1)' }),
    tensors: layout.slots.map((s) => ({
      name: s.name,
      // state_dict key; null for tensors of nodes the exported model leaves out (they still take their draws at init).
      key: attrs.has(s.nodeId) ? `${attrs.get(s.nodeId)}.${s.role}` : null,
      shape: s.shape,
      offset: s.offset,
      init_bound: s.initBound,
    })),
  };
  return { bin, index: JSON.stringify(index, null, 1) + '\n' };
}
