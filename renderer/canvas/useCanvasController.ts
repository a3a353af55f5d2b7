/** Registers the canvas controller (controller.ts) for the mounted React Flow instance, and frames opened documents. */
import { useEffect, type RefObject } from 'react';
import { useNodesInitialized, useReactFlow } from '@xyflow/react';
import type { Position } from '../../core/graph/document';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { canvas, registerCanvas, takeFitRequest } from './controller';
import { fitViewport, panToReveal, toScreen, type Rect } from './fit';
import type { LayerFlowNode, Measured, ShapeFlowEdge } from './toFlow';

/** What floats over the canvas: a node must never end up under one after fit view. */
export const OVERLAY_SELECTOR = '.react-flow__minimap, .react-flow__controls, .wg-canvas-toolbar, .wg-lock-banner';

function boundsOf(boxes: Rect[]): Rect {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

/** Overlay boxes relative to the canvas. */
export function overlayRects(wrapper: HTMLElement): Rect[] {
  const r = wrapper.getBoundingClientRect();
  return [...wrapper.querySelectorAll(OVERLAY_SELECTOR)].map((el) => {
    const o = el.getBoundingClientRect();
    return { x: o.left - r.left, y: o.top - r.top, width: o.width, height: o.height };
  });
}

export function useCanvasController(wrapper: RefObject<HTMLDivElement | null>, measured: RefObject<Measured>, pointer: RefObject<Position | null>): void {
  const flow = useReactFlow<LayerFlowNode, ShapeFlowEdge>();
  const doc = useStore(editorStore, (s) => s.doc);

  useEffect(() => {
    const size = () => {
      const r = wrapper.current?.getBoundingClientRect();
      return { width: r?.width || 1200, height: r?.height || 700 };
    };
    const fit = (duration: number, maxZoom: number, known?: Rect[]) => {
      const el = wrapper.current;
      const boxes =
        known ??
        flow.getNodes().map((n) => {
          const i = flow.getInternalNode(n.id);
          return { ...(i?.internals.positionAbsolute ?? n.position), width: i?.measured.width ?? 190, height: i?.measured.height ?? 90 };
        });
      if (!el || !boxes.length) return;
      const v = fitViewport(boundsOf(boxes), size(), overlayRects(el), { maxZoom, minZoom: 0.1, boxes });
      void flow.setViewport(v, duration ? { duration } : undefined);
    };
    registerCanvas({
      fitView: (boxes) => fit(250, 1.25, boxes),
      // Fit the whole graph on open: long chains come out small, but nothing is off-screen or under an overlay.
      frameOpened: () => fit(0, 1.1),
      centerNode: (id) => {
        const n = flow.getInternalNode(id);
        if (!n) return;
        const w = n.measured.width ?? 180;
        const h = n.measured.height ?? 90;
        void flow.setCenter(n.internals.positionAbsolute.x + w / 2, n.internals.positionAbsolute.y + h / 2, {
          zoom: Math.max(flow.getZoom(), 0.9),
          duration: 300,
        });
      },
      reveal: (id) => {
        const n = flow.getInternalNode(id);
        const el = wrapper.current;
        if (!n || !el) return;
        const v = flow.getViewport();
        const box = { ...n.internals.positionAbsolute, width: n.measured.width ?? 190, height: n.measured.height ?? 90 };
        const { dx, dy } = panToReveal(toScreen(box, v), size(), overlayRects(el));
        if (dx || dy) void flow.setViewport({ ...v, x: v.x + dx, y: v.y + dy }, { duration: 200 });
      },
      viewCenter: () => {
        const r = wrapper.current?.getBoundingClientRect();
        if (!r) return { x: 0, y: 0 };
        return flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
      },
      viewBounds: () => {
        const r = wrapper.current?.getBoundingClientRect();
        if (!r) return { x: 0, y: 0, width: 1200, height: 700 };
        const a = flow.screenToFlowPosition({ x: r.left, y: r.top });
        const b = flow.screenToFlowPosition({ x: r.right, y: r.bottom });
        return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
      },
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      sizes: () => new Map(measured.current),
      layoutView: () => ({ ...size(), overlays: wrapper.current ? overlayRects(wrapper.current) : [] }),
      pointer: () => (pointer.current ? flow.screenToFlowPosition(pointer.current) : null),
      flowToScreen: (p) => flow.flowToScreenPosition(p),
      screenToFlow: (p) => flow.screenToFlowPosition(p),
      focus: (nodeId) => {
        const el = wrapper.current;
        const target = (nodeId && el?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`)) || el;
        target?.focus({ preventScroll: true });
      },
    });
    return () => registerCanvas(null);
  }, [flow, wrapper, measured, pointer]);

  // Frame a freshly opened document once React Flow has measured its nodes (fit needs their sizes).
  const initialized = useNodesInitialized();
  useEffect(() => {
    if (initialized && takeFitRequest()) canvas()?.frameOpened();
  }, [initialized, doc]);
}
