import type { MapContext, OnnxNode } from '../context';
import type { ConstTensor } from '../tensor';

/**
 * How one ONNX op type is imported; one file per op, all listed in ./index.ts.
 * - fold: evaluates the node when every input is a constant (the Shape → Gather →
 *   Unsqueeze → Concat chains exporters write for `x.view(x.size(0), -1)`), giving one
 *   constant per output, or null when it cannot;
 * - map: turns the node into layer nodes and binds its outputs, or returns false, and the
 *   node becomes an opaque OnnxOp (viewable, exportable, not trainable).
 */
export interface OpRule {
  op: string;
  fold?(node: OnnxNode, inputs: (ConstTensor | null)[], ctx: MapContext): ConstTensor[] | null;
  map?(node: OnnxNode, ctx: MapContext): boolean;
}
