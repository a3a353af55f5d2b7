/**
 * Auto-layout with ELK's layered algorithm (elkjs): layers along the data flow, left to
 * right or top to bottom, ports in their drawn order so wires leave and enter where the
 * handles are, few crossings, chains on one straight line. The same function lays out
 * the bundled templates (test/renderer/templates.test.ts keeps them in step), so a
 * template looks like what L gives.
 */
import type { ELK as ElkEngine, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import type { PortRef, Position, ProjectDocument } from '../../core/graph/document';
import { findLayer } from '../../core/layers/index';
import { inputPorts } from '../../core/layers/ports';
import { NODE_GAP, type Direction, type Sizes } from '../store/insertion';
import { estimateNodeSize, portOffset } from './nodeSize';

export interface LayoutOptionsIn {
  dir?: Direction;
  /** Measured node sizes where known; estimated from the layer otherwise. */
  sizes?: Sizes;
}

let engine: Promise<ElkEngine> | null = null;

/**
 * ELK is a large bundle: loaded on the first layout, not with the app. In the browser it
 * runs in a Web Worker, so laying out 200 layers never freezes the canvas; in Node (tests,
 * scripts/layout-templates.ts) it runs in place.
 */
function elk(): Promise<ElkEngine> {
  engine ??=
    typeof window !== 'undefined' && typeof Worker !== 'undefined'
      ? Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]).then(
          ([api, worker]) => new api.default({ workerUrl: worker.default, workerFactory: (url?: string) => new Worker(url!) }),
        )
      : import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return engine;
}

function options(dir: Direction, large: boolean): LayoutOptions {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': dir === 'LR' ? 'RIGHT' : 'DOWN',
    // Between layers: room for a wire's shape label (`64×32×32×32`) to sit clear of both nodes.
    'elk.layered.spacing.nodeNodeBetweenLayers': String(NODE_GAP[dir]),
    'elk.spacing.nodeNode': dir === 'LR' ? '36' : '48',
    'elk.spacing.componentComponent': '60',
    // Straight wires: network simplex lines each port up with the port it is wired to (Brandes–Köpf left chains zig-zagging by a few pixels).
    'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    // Ties go the way the document lists them, so the same graph always lays out the same.
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
    'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    // React Flow draws the wires itself: the cheapest routing ELK has is enough.
    'elk.edgeRouting': 'POLYLINE',
    // Crossing minimisation tries less on big graphs, where it dominates the time (200 layers: ~4x faster).
    'elk.layered.thoroughness': large ? '2' : '7',
  };
}

/** The ELK graph of a document: one node per layer with its ports on the sides the handles are drawn on. */
export function toElk(doc: ProjectDocument, opts: LayoutOptionsIn = {}): ElkNode {
  const dir = opts.dir ?? 'LR';
  const [inSide, outSide] = dir === 'LR' ? ['WEST', 'EAST'] : ['NORTH', 'SOUTH'];
  const types = new Map(doc.nodes.map((n) => [n.id, n.type]));
  return {
    id: 'root',
    layoutOptions: options(dir, doc.nodes.length > 60),
    children: doc.nodes.map((n) => {
      const def = findLayer(n.type);
      const size = opts.sizes?.get(n.id) ?? estimateNodeSize(n, dir);
      const ins = (def ? inputPorts(def, n.params) : []).map((p) => p.name);
      const outs = (def?.outputs ?? []).map((p) => p.name);
      // Ports where the handles are drawn, so chains come out as straight wires.
      const port = (name: string, side: 'in' | 'out') => {
        const along = portOffset(n.type, name, side, dir, size, n.params);
        const edge = side === 'in' ? 0 : dir === 'LR' ? size.width : size.height;
        return {
          id: `${n.id}\u0000${name}`,
          width: 1,
          height: 1,
          ...(dir === 'LR' ? { x: edge, y: along } : { x: along, y: edge }),
          layoutOptions: { 'elk.port.side': side === 'in' ? inSide : outSide },
        };
      };
      return {
        id: n.id,
        width: size.width,
        height: size.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
        ports: [...ins.map((p) => port(p, 'in')), ...outs.map((p) => port(p, 'out'))],
      };
    }),
    // Label wires (Input's y to a loss's target) are drawn beside the chain, not along it: left to
    // ELK, the one from the first layer to the last would drag a dummy node through every layer.
    edges: doc.edges
      .filter((e) => types.has(e.from.node) && types.has(e.to.node) && !isLabelWire(types, e.from))
      .map((e) => ({ id: e.id, sources: [`${e.from.node}\u0000${e.from.port}`], targets: [`${e.to.node}\u0000${e.to.port}`] })),
  };
}

function isLabelWire(types: Map<string, string>, from: PortRef): boolean {
  return findLayer(types.get(from.node) ?? '')?.outputs.find((p) => p.name === from.port)?.kind === 'label';
}

export async function autoLayout(doc: ProjectDocument, opts: LayoutOptionsIn = {}): Promise<Record<string, Position>> {
  if (!doc.nodes.length) return {};
  const laid = await (await elk()).layout(toElk(doc, opts));
  // Keyed by node ids: null-prototype, so an id like "__proto__" is just a key.
  const positions: Record<string, Position> = Object.create(null);
  for (const c of laid.children ?? []) positions[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return positions;
}
