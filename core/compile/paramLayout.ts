import type { CheckResult } from '../check/types';
import type { ProjectDocument } from '../graph/document';
import { getLayer } from '../layers/index';
import { numel } from '../ir/ir';
import { Rng } from '../util/rng';

/** Where one trainable tensor lives inside the flat parameter vector. */
export interface ParamSlot {
  nodeId: string;
  role: string;
  /** ONNX initializer name in exported models. */
  name: string;
  shape: number[];
  offset: number;
  size: number;
  initBound: number;
}

export interface ParamLayout {
  slots: ParamSlot[];
  total: number;
}

/**
 * All parameters live in ONE flat float32 vector (in topological order): the optimizer
 * update is then a handful of ops whatever the model, and data-parallel replicas exchange
 * one buffer.
 */
export function paramLayout(doc: ProjectDocument, check: CheckResult): ParamLayout {
  const slots: ParamSlot[] = [];
  let offset = 0;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const id of check.order) {
    const def = getLayer(byId.get(id)!.type);
    for (const p of def.parameters?.(check.nodes[id].params) ?? []) {
      const size = numel(p.shape);
      slots.push({ nodeId: id, role: p.role, name: `${id}.${p.role}`, shape: p.shape, offset, size, initBound: p.initBound });
      offset += size;
    }
  }
  return { slots, total: offset };
}

/** PyTorch's default init (uniform ±bound per tensor), drawn from the project seed. */
export function initParams(layout: ParamLayout, seed: number): Float32Array {
  const rng = new Rng(seed).fork(1);
  const out = new Float32Array(layout.total);
  for (const s of layout.slots) {
    for (let i = 0; i < s.size; i++) out[s.offset + i] = rng.uniform(-s.initBound, s.initBound);
  }
  return out;
}

/** Per-tensor views, named `<nodeId>.<role>`. */
export function splitParams(layout: ParamLayout, flat: Float32Array): Map<string, Float32Array> {
  return new Map(layout.slots.map((s) => [s.name, flat.subarray(s.offset, s.offset + s.size)]));
}
