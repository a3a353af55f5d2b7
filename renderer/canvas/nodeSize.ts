/**
 * A layer's size on the canvas before React Flow has measured it (templates laid out
 * offline, nodes not yet rendered), and where its ports sit: the parts LayerNode draws,
 * with canvas.css's metrics. Measured sizes win whenever they exist; the e2e layout test
 * would show a template whose stored layout drifted from what L gives.
 */
import type { DocNode } from '../../core/graph/document';
import { findLayer } from '../../core/layers/index';
import type { LayerDef } from '../../core/layers/types';

export const NODE_WIDTH = 190;
const HEADER = 29;
const BODY = 16;
const PORTS_MARGIN = 4;
const PORT_ROW = 20;
const FOOTER = 30;
const BORDER = 2;
/** Named ports (Input's x and y, a loss's input and target) add their labels' line box. */
const NAMED_EXTRA = 4;

function parts(def: LayerDef | undefined) {
  const rows = Math.max(def?.inputs.length ?? 0, def?.outputs.length ?? 0);
  const named = (def?.inputs.length ?? 0) > 1 || (def?.outputs.length ?? 0) > 1;
  const body = def && def.summary(Object.fromEntries(def.params.map((p) => [p.name, p.default]))) ? BODY : 0;
  return { rows, named, body };
}

export function estimateNodeSize(n: Pick<DocNode, 'type'>): { width: number; height: number } {
  const { rows, named, body } = parts(findLayer(n.type));
  return { width: NODE_WIDTH, height: HEADER + body + (rows ? PORTS_MARGIN : 0) + (named ? rows * PORT_ROW + NAMED_EXTRA : 0) + FOOTER + BORDER };
}

/**
 * Where each port's handle sits across the flow: its y from the node's top left to right
 * (the middle for a single port, one row each for named ports), its x top to bottom
 * (spread evenly along the edge).
 */
export function portOffset(type: string, port: string, side: 'in' | 'out', dir: 'LR' | 'TB', size = estimateNodeSize({ type })): number {
  const def = findLayer(type);
  const list = (side === 'in' ? def?.inputs : def?.outputs) ?? [];
  const i = Math.max(0, list.findIndex((p) => p.name === port));
  if (dir === 'TB') return (size.width * (i + 1)) / (list.length + 1);
  const { named, body } = parts(def);
  return named ? HEADER + body + PORTS_MARGIN + i * PORT_ROW + PORT_ROW / 2 : size.height / 2;
}
