/** Registers the canvas controller (controller.ts) for the mounted React Flow instance, and frames opened documents. */
import { useEffect, type RefObject } from 'react';
import { useNodesInitialized, useReactFlow } from '@xyflow/react';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { canvas, registerCanvas, takeFitRequest } from './controller';
import type { LayerFlowNode, Measured, ShapeFlowEdge } from './toFlow';

export function useCanvasController(wrapper: RefObject<HTMLDivElement | null>, measured: RefObject<Measured>): void {
  const flow = useReactFlow<LayerFlowNode, ShapeFlowEdge>();
  const doc = useStore(editorStore, (s) => s.doc);

  useEffect(() => {
    registerCanvas({
      fitView: () => void flow.fitView({ padding: 0.12, duration: 250, maxZoom: 1.25 }),
      // Fit the whole graph on open: long chains come out small, but nothing is off-screen, as in Netron's overview.
      frameOpened: () => void flow.fitView({ padding: 0.12, maxZoom: 1.1 }),
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
      viewCenter: () => {
        const r = wrapper.current?.getBoundingClientRect();
        if (!r) return { x: 0, y: 0 };
        return flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
      },
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      sizes: () => new Map(measured.current),
      viewportSize: () => {
        const r = wrapper.current?.getBoundingClientRect();
        return { width: r?.width || 1200, height: r?.height || 700 };
      },
    });
    return () => registerCanvas(null);
  }, [flow, wrapper, measured]);

  // Frame a freshly opened document once React Flow has measured its nodes (fit needs their sizes).
  const initialized = useNodesInitialized();
  useEffect(() => {
    if (initialized && takeFitRequest()) canvas()?.frameOpened();
  }, [initialized, doc]);
}
