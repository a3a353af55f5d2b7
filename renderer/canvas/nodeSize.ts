/**
 * A layer's size on the canvas before React Flow has measured it (templates laid out
 * offline, nodes not yet rendered), and where its ports sit: the parts LayerNode draws,
 * with canvas.css's metrics. Measured sizes win whenever they exist; the e2e layout test
 * would show a template whose stored layout drifted from what L gives.
 */
import type { DocNode, ProjectDocument } from '../../core/graph/document';
import { layerDef } from '../store/layerLookup';
import type { LayerDef } from '../../core/layers/types';
import { inputPorts } from '../../core/layers/ports';
import type { ParamValue } from '../../core/graph/document';

export const NODE_WIDTH = 190;
const HEADER = 29;
const BODY = 16;
const PORT_ROW = 20;
const FOOTER = 34;
const BORDER = 2;
/** Named ports (Input's x and y, a loss's input and target) add their labels' line box. */
const NAMED_EXTRA = 4;
/** Top to bottom, named ports are one line of names instead of one row each. */
const NAMES_LINE_TB = 16;

function parts(def: LayerDef | undefined, params?: Record<string, ParamValue>) {
  const ins = def ? inputPorts(def, params).length : 0;
  const rows = Math.max(ins, def?.outputs.length ?? 0);
  const named = ins > 1 || (def?.outputs.length ?? 0) > 1;
  const body = def && def.summary(Object.fromEntries(def.params.map((p) => [p.name, p.default]))) ? BODY : 0;
  return { rows, named, body };
}

/** `doc`: the document whose blocks the type may name (default: the open one). */
export function estimateNodeSize(n: Pick<DocNode, 'type'> & { params?: DocNode['params'] }, dir: 'LR' | 'TB' = 'LR', doc?: Pick<ProjectDocument, 'blocks'>): { width: number; height: number } {
  const { rows, named, body } = parts(layerDef(n.type, doc), n.params);
  const ports = !named ? 0 : dir === 'LR' ? rows * PORT_ROW + NAMED_EXTRA : NAMES_LINE_TB;
  return { width: NODE_WIDTH, height: HEADER + body + ports + FOOTER + BORDER };
}

/**
 * Where each port's handle sits across the flow: left to right, its y from the node's top
 * (the ports block starts under the body, after its 4 px margin and the 1 px border; a single
 * port sits at the block's top, named ports one 20 px row each); top to bottom, its x
 * (spread evenly along the edge). Measured in Chromium: conv 50, ReLU 34, Input x/y 60/80.
 */
export function portOffset(type: string, port: string, side: 'in' | 'out', dir: 'LR' | 'TB', size?: { width: number; height: number }, params?: DocNode['params'], doc?: Pick<ProjectDocument, 'blocks'>): number {
  const def = layerDef(type, doc);
  size ??= estimateNodeSize({ type, params }, dir, doc);
  const list = (side === 'in' ? (def ? inputPorts(def, params) : undefined) : def?.outputs) ?? [];
  const i = Math.max(0, list.findIndex((p) => p.name === port));
  if (dir === 'TB') return (size.width * (i + 1)) / (list.length + 1);
  const { named, body } = parts(def, params);
  const top = 1 + HEADER + body + 4;
  return named ? top + i * PORT_ROW + PORT_ROW / 2 : top;
}
