/**
 * Auto-layout with ELK's layered algorithm (elkjs): layers along the data flow, left to
 * right or top to bottom, ports in their drawn order so wires leave and enter where the
 * handles are, few crossings, chains on one straight line. The same function lays out
 * the bundled templates (test/renderer/templates.test.ts keeps them in step), so a
 * template looks like what L gives.
 *
 * A long chain on one line only fits the canvas at a zoom where nothing is readable (the
 * 14-layer ConvNet: 0.19 in a 1280×800 window). So the chain may wrap, as text does: ELK's
 * graph wrapping cuts it into rows (left to right) or columns (top to bottom), and the one
 * wire per cut runs back through the gap between them (ShapeEdge draws it as a step). Which
 * wrapping is decided by the view: each candidate is framed the way fit view frames it (the
 * same overlays) and the one shown largest wins, the least wrapped on a tie.
 */
import type { ELK as ElkEngine, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import type { PortRef, Position, ProjectDocument } from '../../core/graph/document';
import { layerDef } from '../store/layerLookup';
import { inputPorts } from '../../core/layers/ports';
import { NODE_GAP, type Direction, type Sizes } from '../store/insertion';
import { estimateNodeSize, portOffset } from './nodeSize';
import { fitViewport, type Rect } from './fit';

/** The canvas a layout is framed in: its size and its overlays (minimap, zoom controls, toolbar), in pixels. */
export interface LayoutView {
  width: number;
  height: number;
  overlays: Rect[];
}

/**
 * The canvas of a 1280×800 window (palette, inspector and dock open; measured in Chromium),
 * with React Flow's overlays where the app puts them: what the templates are laid out for.
 */
export const REFERENCE_VIEW: LayoutView = {
  width: 824,
  height: 426,
  overlays: [
    { x: 712, y: 10, width: 102, height: 38 },
    { x: 15, y: 331, width: 28, height: 80 },
    { x: 641, y: 301, width: 168, height: 110 },
  ],
};

/** A graph shown at least this large on one line stays on one line (its text is still readable). */
const READABLE_ZOOM = 0.6;
/** Beyond this zoom, shown larger is not better: a wrapped candidate is not preferred for it. */
const FULL_ZOOM = 1;
/**
 * Drawing aspect ratios ELK's wrapping aims for. Fixed, not derived from the view: windows of
 * similar shape then pick the same layout, so L on the stored template changes nothing.
 */
const WRAP_ASPECTS = [4, 3, 2, 1.5, 1];

export interface LayoutOptionsIn {
  dir?: Direction;
  /** Measured node sizes where known; estimated from the layer otherwise. */
  sizes?: Sizes;
  /** The canvas to fit; REFERENCE_VIEW when not given (templates, tests). */
  view?: LayoutView;
  /** false: one line, however long. */
  wrap?: boolean;
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

function options(dir: Direction, large: boolean, wrapAspect?: number): LayoutOptions {
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
    ...(wrapAspect
      ? {
          // Cut only where one wire crosses (between two layers of a chain), never through a fan-out.
          'elk.layered.wrapping.strategy': 'SINGLE_EDGE',
          'elk.aspectRatio': String(wrapAspect),
          // The wire running back to the next row needs its lane between the rows, and the rows room for labels.
          'elk.layered.wrapping.additionalEdgeSpacing': dir === 'LR' ? '24' : '40',
        }
      : {}),
  };
}

/** The ELK graph of a document: one node per layer with its ports on the sides the handles are drawn on. */
export function toElk(doc: ProjectDocument, opts: LayoutOptionsIn & { wrapAspect?: number } = {}): ElkNode {
  const dir = opts.dir ?? 'LR';
  const [inSide, outSide] = dir === 'LR' ? ['WEST', 'EAST'] : ['NORTH', 'SOUTH'];
  const types = new Map(doc.nodes.map((n) => [n.id, n.type]));
  return {
    id: 'root',
    layoutOptions: options(dir, doc.nodes.length > 60, opts.wrapAspect),
    children: doc.nodes.map((n) => {
      const def = layerDef(n.type, doc);
      const size = opts.sizes?.get(n.id) ?? estimateNodeSize(n, dir, doc);
      const ins = (def ? inputPorts(def, n.params) : []).map((p) => p.name);
      const outs = (def?.outputs ?? []).map((p) => p.name);
      // Ports where the handles are drawn, so chains come out as straight wires.
      const port = (name: string, side: 'in' | 'out') => {
        const along = portOffset(n.type, name, side, dir, size, n.params, doc);
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
  return layerDef(types.get(from.node) ?? '')?.outputs.find((p) => p.name === from.port)?.kind === 'label';
}

/** The zoom fit view would show a laid-out graph at in `view` (capped: beyond readable, bigger is not better). */
export function fittedZoom(laid: ElkNode, view: LayoutView): number {
  const boxes = (laid.children ?? []).map((c) => ({ x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 }));
  const v = fitViewport({ x: 0, y: 0, width: laid.width ?? 1, height: laid.height ?? 1 }, view, view.overlays, { maxZoom: FULL_ZOOM, boxes });
  return v.zoom;
}

export async function autoLayout(doc: ProjectDocument, opts: LayoutOptionsIn = {}): Promise<Record<string, Position>> {
  if (!doc.nodes.length) return {};
  const engine = await elk();
  const view = opts.view ?? REFERENCE_VIEW;
  let best = await engine.layout(toElk(doc, opts));
  let bestZoom = fittedZoom(best, view);
  // Least wrapped first: a candidate must be shown clearly larger (5 %) to be worth its cuts.
  const wrapping = opts.wrap !== false && bestZoom < READABLE_ZOOM;
  for (const wrapAspect of wrapping ? WRAP_ASPECTS : []) {
    if (bestZoom >= FULL_ZOOM) break;
    const laid = await engine.layout(toElk(doc, { ...opts, wrapAspect }));
    const zoom = fittedZoom(laid, view);
    if (zoom > bestZoom * 1.05) {
      best = laid;
      bestZoom = zoom;
    }
  }
  // Keyed by node ids: null-prototype, so an id like "__proto__" is just a key.
  const positions: Record<string, Position> = Object.create(null);
  for (const c of best.children ?? []) positions[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return positions;
}
