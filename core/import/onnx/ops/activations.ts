import type { MapContext, OnnxNode } from '../context';

/** A one-input activation layer fed by the node's first input (Relu → ReLU, ...). */
export function mapActivation(node: OnnxNode, ctx: MapContext, type: string, params: Record<string, number | string | boolean> = {}): boolean {
  const x = ctx.tensorIn(node, 0);
  if (!x || !ctx.hasLayer(type)) return false;
  return ctx.mapped(node, ctx.addLayer({ type, params, inputs: { in: x }, node }));
}
