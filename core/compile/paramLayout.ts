import type { CheckResult } from '../check/types';
import type { ProjectDocument } from '../graph/document';
import type { InitSpec, LayerDef, TensorDecl } from '../layers/types';
import { getLayer } from '../layers/index';
import { numel } from '../ir/ir';
import { Rng } from '../util/rng';
import { CompileError } from '../ir/errors';

/** Where one tensor lives inside a flat vector (parameters or buffers). */
export interface TensorSlot {
  nodeId: string;
  role: string;
  /** Name in exported models and checkpoints: `<nodeId>.<role>` (PyTorch's state_dict key). */
  name: string;
  shape: number[];
  offset: number;
  size: number;
  init: InitSpec;
  /** The node is frozen (trainable: false): training leaves this tensor as it is. */
  frozen?: boolean;
}

/** @deprecated name kept for readers of older code: a parameter slot is a TensorSlot. */
export type ParamSlot = TensorSlot;

export interface TensorLayout {
  slots: TensorSlot[];
  total: number;
}

export type ParamLayout = TensorLayout;

/**
 * All parameters live in ONE flat float32 vector (in topological order): the optimizer
 * update is then a handful of ops whatever the model, and data-parallel replicas exchange
 * one buffer. Non-trainable state (BatchNorm's running statistics) lives in a second flat
 * vector with the same layout rules: it is carried through training but never optimized.
 */
export function paramLayout(doc: ProjectDocument, check: CheckResult): TensorLayout {
  return layoutOf(doc, check, (def, params) => def.parameters?.(params) ?? []);
}

export function bufferLayout(doc: ProjectDocument, check: CheckResult): TensorLayout {
  return layoutOf(doc, check, (def, params) => def.buffers?.(params) ?? []);
}

function layoutOf(document: ProjectDocument, checked: CheckResult, declare: (def: LayerDef, params: CheckResult['nodes'][string]['params']) => TensorDecl[]): TensorLayout {
  // With blocks, the layout is the inlined document's: slots are named by path (`res1/conv1.weight`).
  const { doc, check } = checked.flat ?? { doc: document, check: checked };
  const slots: TensorSlot[] = [];
  let offset = 0;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const ignored = new Set(check.ignored);
  for (const id of check.order) {
    if (ignored.has(id)) continue;
    const node = byId.get(id)!;
    const def = getLayer(node.type);
    for (const t of declare(def, check.nodes[id].params)) {
      const size = numel(t.shape);
      slots.push({ nodeId: id, role: t.role, name: `${id}.${t.role}`, shape: t.shape, offset, size, init: t.init, ...(node.trainable === false ? { frozen: true } : {}) });
      offset += size;
    }
  }
  return { slots, total: offset };
}

/**
 * PyTorch's default init per tensor (reset_parameters): uniform ±bound drawn from the
 * project seed, or a constant (ones, zeros). Constants draw nothing, so adding a BatchNorm
 * does not change the draws of the other layers' weights.
 */
export function initParams(layout: TensorLayout, seed: number): Float32Array {
  const rng = new Rng(seed).fork(1);
  return fill(layout, () => rng);
}

/** Buffers are never random (running_mean 0, running_var 1, num_batches_tracked 0). */
export function initBuffers(layout: TensorLayout): Float32Array {
  return fill(layout, () => {
    throw new Error('buffers have constant initialisation');
  });
}

function fill(layout: TensorLayout, rng: () => Rng): Float32Array {
  const out = new Float32Array(layout.total);
  for (const s of layout.slots) {
    const view = out.subarray(s.offset, s.offset + s.size);
    if (s.init.kind === 'constant') view.fill(s.init.value);
    else {
      const r = rng();
      const bound = s.init.bound;
      for (let i = 0; i < s.size; i++) view[i] = r.uniform(-bound, bound);
    }
  }
  return out;
}

/** Per-tensor views, named `<nodeId>.<role>`. */
export function splitParams(layout: TensorLayout, flat: Float32Array): Map<string, Float32Array> {
  return new Map(layout.slots.map((s) => [s.name, flat.subarray(s.offset, s.offset + s.size)]));
}

/**
 * One flat vector (parameters or buffers) from tensors by state_dict name: the project
 * weights file, an import. Every slot must be there with its size: weights saved for
 * another graph are refused by name rather than silently mixed with fresh ones.
 */
export function vectorFromWeights(layout: TensorLayout, named: ReadonlyMap<string, Float32Array>): Float32Array {
  const flat = new Float32Array(layout.total);
  for (const s of layout.slots) {
    const w = named.get(s.name);
    if (!w || w.length !== s.size) {
      throw new CompileError('WEIGHTS_MISMATCH', `The weights ${w ? `give ${s.name} ${w.length} values, not ${s.size}` : `lack ${s.name}`}`, s.nodeId);
    }
    flat.set(w, s.offset);
  }
  return flat;
}
