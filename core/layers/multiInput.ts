import type { Fix } from '../check/diagnostics';
import { inputPorts } from './ports';
import type { InferContext, LayerDef, TensorType } from './types';

/**
 * Shared by the layers that take several tensors (Add, Concat): the `num_inputs` param,
 * the connected inputs in port order, and the one-click fix that changes the producer of a
 * mismatching input (its out_channels / out_features) to the size the others have.
 */
export const NUM_INPUTS = { name: 'num_inputs', kind: 'int' as const, default: 2, min: 2, max: 16, doc: 'How many tensors this node takes (ports in0, in1, ...)' };

/** Connected inputs in port order, with their port names. */
export function connectedInputs(def: LayerDef, ctx: InferContext): { port: string; t: TensorType }[] {
  return inputPorts(def, ctx.params).flatMap((p) => (ctx.inputs[p.name] ? [{ port: p.name, t: ctx.inputs[p.name]! }] : []));
}

/** Per-sample dimension `i` in words, counting the batch as PyTorch does (dim 1 = channels). */
export function dimText(rank: number, i: number): string {
  const names = rank === 3 ? ['channels', 'height', 'width'] : rank === 1 ? ['features'] : [];
  return `dim ${i + 1}${names[i] ? ` (${names[i]})` : ''}`;
}

/**
 * A fix that makes `port`'s producer output `size` along per-sample dim 0, when the producer
 * is a layer whose output size along that dim is a parameter (Conv2d's out_channels,
 * Linear's out_features).
 */
export function producerFix(ctx: InferContext, port: string, dim: number, size: number): Fix | undefined {
  const src = ctx.inputSources?.[port];
  if (!src || dim !== 0) return undefined;
  const param = src.type === 'Conv2d' || src.type === 'ConvTranspose2d' ? 'out_channels' : src.type === 'Linear' ? 'out_features' : undefined;
  return param ? { kind: 'setParam', nodeId: src.nodeId, param, value: size, label: `set ${src.nodeId}'s ${param} to ${size}` } : undefined;
}
