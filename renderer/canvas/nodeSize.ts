/**
 * A layer's size on the canvas before React Flow has measured it (templates laid out
 * offline, nodes not yet rendered): the parts LayerNode draws, with canvas.css's metrics.
 * Measured sizes win whenever they exist; test/e2e checks the estimates against them.
 */
import type { DocNode } from '../../core/graph/document';
import { findLayer } from '../../core/layers/index';

export const NODE_WIDTH = 190;
const HEADER = 29;
const BODY = 16;
const PORTS_MARGIN = 4;
const PORT_ROW = 20;
const FOOTER = 30;
/** Named ports (Input's x and y, a loss's input and target) add their labels' line box. */
const NAMED_EXTRA = 4;
const BORDER = 2;

export function estimateNodeSize(n: Pick<DocNode, 'type'>): { width: number; height: number } {
  const def = findLayer(n.type);
  const rows = Math.max(def?.inputs.length ?? 0, def?.outputs.length ?? 0);
  const named = (def?.inputs.length ?? 0) > 1 || (def?.outputs.length ?? 0) > 1;
  const body = def && def.summary(Object.fromEntries(def.params.map((p) => [p.name, p.default]))) ? BODY : 0;
  return { width: NODE_WIDTH, height: HEADER + body + (rows ? PORTS_MARGIN : 0) + (named ? rows * PORT_ROW + NAMED_EXTRA : 0) + FOOTER + BORDER };
}
