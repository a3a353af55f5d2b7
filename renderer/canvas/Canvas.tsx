/**
 * The graph canvas: React Flow in controlled mode. The document store is the source of
 * truth; React Flow only reports gestures (drag, select, connect, drop), which become
 * typed commands. A node drag is a gesture: many moves, one undo step.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type IsValidConnection,
  type OnConnectEnd,
  type FinalConnectionState,
} from '@xyflow/react';
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { useCheck } from '../store/derived';
import { ui, uiStore } from '../store/uiStore';
import { runStore } from '../training/runStore';
import { isActive } from '../training/runState';
import { freshIds } from '../store/commands';
import { FlowCache, edgesFor, type LayerFlowNode, type Measured, type ShapeFlowEdge } from './toFlow';
import { LayerNode } from './LayerNode';
import { ShapeEdge } from './ShapeEdge';
import { connectionProblem } from './connectRules';
import { useCanvasController } from './useCanvasController';
import { CanvasToolbar } from './CanvasToolbar';
import { EmptyCanvas } from './EmptyCanvas';
import { LABEL_FIELD_ID } from '../inspector/NodeInspector';

export const LAYER_MIME = 'application/wiregrad-layer';

const nodeTypes = { layer: LayerNode };
const edgeTypes = { shape: ShapeEdge };
const CATEGORY_COLORS: Record<string, string> = {
  input: 'var(--cat-input)',
  layer: 'var(--cat-layer)',
  activation: 'var(--cat-activation)',
  pooling: 'var(--cat-pooling)',
  reshape: 'var(--cat-reshape)',
  loss: 'var(--cat-loss)',
};

export function Canvas() {
  const doc = useStore(editorStore, (s) => s.doc);
  const selection = useStore(editorStore, (s) => s.selection);
  const minimap = useStore(uiStore, (s) => s.minimap);
  const locked = useStore(runStore, (s) => isActive(s));
  const check = useCheck();
  const flow = useReactFlow<LayerFlowNode, ShapeFlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);

  // Measured sizes live outside the document (they are view state) but React Flow needs them back on every node object.
  const measured = useRef<Measured>(new Map());
  const [measureTick, setMeasureTick] = useState(0);
  const cache = useRef(new FlowCache());

  const nodes = useMemo(
    () => cache.current.nodesFor(doc, check, selection, measured.current, locked),
    // measureTick: re-derive when a node's size changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc, check, selection, locked, measureTick],
  );
  const edges = useMemo(() => edgesFor(doc, check, selection), [doc, check, selection]);

  useCanvasController(wrapper, measured);

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    let resized = false;
    const positions: Record<string, { x: number; y: number }> = Object.create(null);
    let moved = false;
    let selectionChanged = false;
    const selected = new Set(editorStore.get().selection.nodes);
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) {
        const prev = measured.current.get(c.id);
        if (!prev || prev.width !== c.dimensions.width || prev.height !== c.dimensions.height) {
          measured.current.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
          resized = true;
        }
      } else if (c.type === 'position' && c.position) {
        positions[c.id] = { x: Math.round(c.position.x), y: Math.round(c.position.y) };
        moved = true;
      } else if (c.type === 'select') {
        if (c.selected) selected.add(c.id);
        else selected.delete(c.id);
        selectionChanged = true;
      }
    }
    if (moved) {
      // Mouse drags arrive inside a gesture (one undo step); arrow-key nudges do not, and merge into one step per run of presses.
      if (editorStore.get().gesture) editor.updateGesture({ kind: 'moveNodes', positions });
      else editor.commit({ kind: 'moveNodes', positions }, { label: 'Move', mergeKey: 'nudge' });
    }
    if (selectionChanged) editor.select([...selected], editorStore.get().selection.edges);
    if (resized) setMeasureTick((t) => t + 1);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => {
    const selected = new Set(editorStore.get().selection.edges);
    let changed = false;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
      changed = true;
    }
    if (changed) editor.select(editorStore.get().selection.nodes, [...selected]);
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const { doc } = editorStore.get();
    if (connectionProblem(doc, c)) return;
    const [id] = freshIds(doc.edges.map((e) => e.id), 'e', 1);
    editor.commit(
      { kind: 'connect', edge: { id, from: { node: c.source, port: c.sourceHandle! }, to: { node: c.target, port: c.targetHandle! } } },
      { label: 'Connect' },
    );
  }, []);

  // Dragging a wire's end to another port moves it; dropping it on empty canvas removes it (as in ComfyUI).
  const reconnected = useRef(false);
  const onReconnectStart = useCallback(() => {
    reconnected.current = false;
  }, []);
  const onReconnect = useCallback((old: ShapeFlowEdge, c: Connection) => {
    const { doc } = editorStore.get();
    const problem = connectionProblem(doc, c);
    reconnected.current = true;
    if (problem) return ui.toast('info', `Cannot connect: ${problem}`);
    editor.commit(
      { kind: 'reconnect', edgeId: old.id, edge: { id: old.id, from: { node: c.source, port: c.sourceHandle! }, to: { node: c.target, port: c.targetHandle! } } },
      { label: 'Reconnect' },
    );
  }, []);
  const onReconnectEnd = useCallback((_e: unknown, edge: ShapeFlowEdge, _type: unknown, state: FinalConnectionState) => {
    // Over a port that refused the wire, keep it where it was; only a drop on empty canvas disconnects.
    if (!reconnected.current && !state.toHandle) editor.commit({ kind: 'remove', nodeIds: [], edgeIds: [edge.id] }, { label: 'Disconnect' });
  }, []);

  // Say why a wire was refused: a silent snap-back teaches nothing.
  const onConnectEnd: OnConnectEnd = useCallback((_event, state) => {
    if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
    const problem = connectionProblem(editorStore.get().doc, {
      source: state.fromHandle.nodeId,
      sourceHandle: state.fromHandle.id ?? null,
      target: state.toHandle.nodeId,
      targetHandle: state.toHandle.id ?? null,
    });
    if (problem) ui.toast('info', `Cannot connect: ${problem}`);
  }, []);

  const isValidConnection: IsValidConnection<ShapeFlowEdge> = useCallback(
    (c) => connectionProblem(editorStore.get().doc, c) === null,
    [],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(LAYER_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(LAYER_MIME);
      if (!type) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // Drop point = the node's header centre, which is where the user's eye is.
      editor.addLayer(type, { x: p.x - 90, y: p.y - 20 });
    },
    [flow],
  );

  return (
    <div className={`wg-canvas${locked ? ' is-locked' : ''}`} ref={wrapper} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<LayerFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={() => editor.beginGesture('Move')}
        onNodeDragStop={() => editor.endGesture()}
        onConnect={onConnect}
        onNodeDoubleClick={(_e, n) => {
          // Double-click = rename, as on most canvases: select the node and put the caret in its label.
          editor.select([n.id]);
          requestAnimationFrame(() => (document.getElementById(LABEL_FIELD_ID) as HTMLInputElement | null)?.select());
        }}
        onConnectEnd={onConnectEnd}
        onReconnectStart={onReconnectStart}
        onReconnect={onReconnect}
        onReconnectEnd={onReconnectEnd}
        edgesReconnectable={!locked}
        isValidConnection={isValidConnection}
        nodesConnectable={!locked}
        nodesDraggable={!locked}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        minZoom={0.1}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
        connectionRadius={28}
        aria-label="Model graph"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.3} className="wg-bg" />
        <Controls showInteractive={false} aria-label="Zoom controls" />
        {minimap ? (
          <MiniMap
            pannable
            zoomable
            style={{ width: 168, height: 110 }}
            ariaLabel="Minimap"
            nodeColor={(n) => CATEGORY_COLORS[(n as LayerFlowNode).data.def?.category ?? ''] ?? 'var(--fg-muted)'}
            nodeBorderRadius={4}
            maskColor="var(--minimap-mask)"
          />
        ) : null}
      </ReactFlow>
      <CanvasToolbar />
      {doc.nodes.length === 0 ? <EmptyCanvas /> : null}
      {locked ? (
        <div className="wg-lock-banner" role="status">
          {/* No stop button here: the top bar's Stop is the one place to stop a run. */}
          <span className="wg-spinner" aria-hidden /> Training — the graph is read-only until the run ends.
        </div>
      ) : null}
    </div>
  );
}
