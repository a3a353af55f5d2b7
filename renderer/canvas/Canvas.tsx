/**
 * The graph canvas: React Flow in controlled mode. The document store is the source of
 * truth; React Flow only reports gestures (drag, select, connect, drop), which become
 * typed commands. A node drag is a gesture: many moves, one undo step. The gestures that
 * add layers (a wire dropped on empty canvas, a double-click, a drop on a wire or near the
 * selection, a context menu) each end in one command (store/insertion.ts).
 */
import { useCallback, useMemo, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent, type PointerEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore as useFlowStore,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type IsValidConnection,
  type OnConnectEnd,
  type FinalConnectionState,
  SelectionMode,
} from '@xyflow/react';
import type { Position } from '../../core/graph/document';
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { checkFor, useCheck } from '../store/derived';
import { rootDocument } from '../store/editor';
import { ui, uiStore, type ContextMenuRequest } from '../store/uiStore';
import { runStore } from '../training/runStore';
import { isActive } from '../training/runState';
import { freshIds } from '../store/commands';
import { selectionTail } from '../store/insertion';
import { addLayer, flashReplaced } from '../actions/edit';
import { FlowCache, edgesFor, type LayerFlowNode, type Measured, type ShapeFlowEdge } from './toFlow';
import { LayerNode } from './LayerNode';
import { PinNode } from './PinNode';
import { isPinEdge, pinConnectionProblem, pinEdges, pinInputShape, pinNodes, pinOf, pinWireCommand, type PinFlowNode } from './pins';
import { ShapeEdge } from './ShapeEdge';
import { connectionProblem } from './connectRules';
import { useCanvasController } from './useCanvasController';
import { CanvasToolbar } from './CanvasToolbar';
import { EmptyCanvas } from './EmptyCanvas';
import { QuickAdd } from './QuickAdd';
import { ContextMenu } from './ContextMenu';
import { EdgeHoverCard, edgeHover } from './EdgeHoverCard';
import { LABEL_FIELD_ID } from '../inspector/NodeInspector';
import { runAction } from '../actions/bindings';
import { ensureInProject } from '../blocks/library';

export const LAYER_MIME = 'application/wiregrad-layer';
/** Below this zoom the shape labels on wires would be unreadable specks: hidden, the hover card shows them. */
export const EDGE_LABEL_MIN_ZOOM = 0.55;
/** A layer dropped within this distance (flow px) of the selected layer is wired after it. */
const NEAR_SELECTION = 260;

const nodeTypes = { layer: LayerNode, pin: PinNode };
type FlowNode = LayerFlowNode | PinFlowNode;

/** A wire touching a pin, or a plain one: each has its own rules. */
function wireProblem(doc: Parameters<typeof connectionProblem>[0], c: Parameters<typeof connectionProblem>[1]): string | null {
  return pinOf(c.source) || pinOf(c.target) ? pinConnectionProblem(doc, c) : connectionProblem(doc, c);
}
const edgeTypes = { shape: ShapeEdge };
const CATEGORY_COLORS: Record<string, string> = {
  input: 'var(--cat-input)',
  layer: 'var(--cat-layer)',
  activation: 'var(--cat-activation)',
  pooling: 'var(--cat-pooling)',
  merge: 'var(--cat-merge)',
  reshape: 'var(--cat-reshape)',
  loss: 'var(--cat-loss)',
  block: 'var(--cat-block)',
};

/** The wire under a client point (its label counts), for drops onto a wire. */
function edgeAt(x: number, y: number): string | null {
  for (const el of document.elementsFromPoint(x, y)) {
    const edge = el.closest('.react-flow__edge');
    if (edge) return edge.getAttribute('data-id');
    const label = el.closest('[data-edge-id]');
    if (label) return label.getAttribute('data-edge-id');
    if (el.closest('.react-flow__node')) return null;
  }
  return null;
}

export function Canvas() {
  const doc = useStore(editorStore, (s) => s.doc);
  const selection = useStore(editorStore, (s) => s.selection);
  const minimap = useStore(uiStore, (s) => s.minimap);
  const flash = useStore(uiStore, (s) => s.flash);
  const locked = useStore(runStore, (s) => isActive(s));
  const zoomedOut = useFlowStore((s) => s.transform[2] < EDGE_LABEL_MIN_ZOOM);
  const check = useCheck();
  const flow = useReactFlow<FlowNode, ShapeFlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const pointer = useRef<Position | null>(null);
  const [dropEdge, setDropEdge] = useState<string | null>(null);

  // Measured sizes live outside the document (they are view state) but React Flow needs them back on every node object.
  const measured = useRef<Measured>(new Map());
  const [measureTick, setMeasureTick] = useState(0);
  const cache = useRef(new FlowCache());

  const nodes = useMemo(
    () => cache.current.nodesFor(doc, check, selection, measured.current, flash?.nodeIds),
    // measureTick: re-derive when a node's size changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc, check, selection, measureTick, flash],
  );
  const layerEdges = useMemo(() => edgesFor(doc, check, selection, dropEdge), [doc, check, selection, dropEdge]);
  // Inside an open block its pins are drawn too: what feeds the inner layers, and what leaves.
  const scope = useStore(editorStore, (s) => s.scope);
  const openDef = scope.length ? doc.blocks?.[scope.at(-1)!.block] : undefined;
  const pins = useMemo(() => {
    if (!openDef) return null;
    const root = checkFor(rootDocument(editorStore.get()));
    // The view's own nodes are the definition's current ones (the stored copy is written back on close).
    const def = { ...openDef, nodes: doc.nodes, edges: doc.edges };
    const inputShape = (name: string) => pinInputShape(root, scope, def, name);
    return { nodes: pinNodes(def, check, measured.current, inputShape), edges: pinEdges(def, check, doc.training.batch_size, inputShape) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openDef, doc, check, scope, measureTick]);
  const flowNodes: FlowNode[] = useMemo(() => (pins ? [...nodes, ...pins.nodes] : nodes), [nodes, pins]);
  const edges = useMemo(() => (pins ? [...layerEdges, ...pins.edges] : layerEdges), [layerEdges, pins]);

  useCanvasController(wrapper, measured, pointer);


  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    let resized = false;
    const positions: Record<string, { x: number; y: number }> = Object.create(null);
    let moved = false;
    let selectionChanged = false;
    const selected = new Set(editorStore.get().selection.nodes);
    for (const c of changes) {
      if ('id' in c && pinOf(c.id)) continue;
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
      if (c.type !== 'select' || isPinEdge(c.id)) continue;
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
      changed = true;
    }
    if (changed) editor.select(editorStore.get().selection.nodes, [...selected]);
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const { doc, scope } = editorStore.get();
    if (pinOf(c.source) || pinOf(c.target)) {
      const cmd = scope.length ? pinWireCommand(doc, scope.at(-1)!.block, c) : null;
      if (cmd) editor.commit(cmd, { label: 'Wire pin' });
      return;
    }
    if (connectionProblem(doc, c)) return;
    const [id] = freshIds(doc.edges.map((e) => e.id), 'e', 1);
    // An input takes one wire: a new one replaces the old, in the same undo step, and says so.
    const old = doc.edges.find((e) => e.to.node === c.target && e.to.port === c.targetHandle);
    editor.commit(
      { kind: 'connect', edge: { id, from: { node: c.source, port: c.sourceHandle! }, to: { node: c.target, port: c.targetHandle! } } },
      { label: old ? 'Replace wire' : 'Connect' },
    );
    if (old && (old.from.node !== c.source || old.from.port !== c.sourceHandle)) flashReplaced(old.from);
  }, []);

  // Dragging a wire's end to another port moves it; dropping it on empty canvas removes it (as in ComfyUI).
  const reconnected = useRef(false);
  const onReconnectStart = useCallback(() => {
    reconnected.current = false;
  }, []);
  const onReconnect = useCallback((old: ShapeFlowEdge, c: Connection) => {
    const { doc, scope } = editorStore.get();
    const problem = wireProblem(doc, c);
    reconnected.current = true;
    if (problem) return ui.toast('info', `Cannot connect: ${problem}`);
    if (isPinEdge(old.id) || pinOf(c.source) || pinOf(c.target)) {
      // A pin wire moved to another inner port: the definition's pin list changes (every instance follows).
      const cmd = scope.length && isPinEdge(old.id) ? pinWireCommand(doc, scope.at(-1)!.block, c, old.id) : null;
      if (cmd) editor.commit(cmd, { label: 'Rewire pin' });
      return;
    }
    editor.commit(
      { kind: 'reconnect', edgeId: old.id, edge: { id: old.id, from: { node: c.source, port: c.sourceHandle! }, to: { node: c.target, port: c.targetHandle! } } },
      { label: 'Reconnect' },
    );
  }, []);
  const onReconnectEnd = useCallback((_e: unknown, edge: ShapeFlowEdge, _type: unknown, state: FinalConnectionState) => {
    // Over a port that refused the wire, keep it where it was; only a drop on empty canvas disconnects.
    // A pin keeps its wire: the block's signature changes in the inspector, not by a slip of the mouse.
    if (!reconnected.current && !state.toHandle && !isPinEdge(edge.id)) editor.commit({ kind: 'remove', nodeIds: [], edgeIds: [edge.id] }, { label: 'Disconnect' });
  }, []);

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      const from = state.fromHandle;
      if (!from) return;
      if (!state.toHandle && !state.toNode) {
        // A wire dropped on empty canvas: search a layer there, which arrives wired (ComfyUI's gesture).
        const target = event.target as Element | null;
        if (!target?.closest?.('.react-flow__pane') || target.closest('.react-flow__node')) return;
        const p = 'changedTouches' in event ? event.changedTouches[0] : (event as MouseEvent);
        const screen = { x: p.clientX, y: p.clientY };
        const port = { node: from.nodeId, port: from.id ?? '' };
        ui.openQuickAdd({ screen, at: flow.screenToFlowPosition(screen), ...(from.type === 'source' ? { from: port } : { to: port }) });
        return;
      }
      // Say why a wire was refused: a silent snap-back teaches nothing.
      if (state.isValid !== false || !state.toHandle) return;
      const problem = wireProblem(editorStore.get().doc, {
        source: from.nodeId,
        sourceHandle: from.id ?? null,
        target: state.toHandle.nodeId,
        targetHandle: state.toHandle.id ?? null,
      });
      if (problem) ui.toast('info', `Cannot connect: ${problem}`);
    },
    [flow],
  );

  const isValidConnection: IsValidConnection<ShapeFlowEdge> = useCallback(
    (c) => wireProblem(editorStore.get().doc, c) === null,
    [],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(LAYER_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    const edge = edgeAt(e.clientX, e.clientY);
    setDropEdge((d) => (d === edge ? d : edge));
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const dropped = e.dataTransfer.getData(LAYER_MIME);
      setDropEdge(null);
      if (!dropped) return;
      e.preventDefault();
      const type = ensureInProject(dropped);
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // Drop point = the node's header centre, which is where the user's eye is.
      const at = { x: p.x - 90, y: p.y - 20 };
      const edge = edgeAt(e.clientX, e.clientY);
      if (edge) return void addLayer(type, { at, pointed: true, intoEdge: edge });
      const { doc: d, selection: sel } = editorStore.get();
      const tail = selectionTail(d, sel.nodes);
      const size = tail ? measured.current.get(tail.id) : undefined;
      const near = tail && Math.hypot(p.x - (tail.position.x + (size?.width ?? 190)), p.y - (tail.position.y + (size?.height ?? 90) / 2)) < NEAR_SELECTION;
      addLayer(type, { at, pointed: true, after: near ? sel.nodes : [] });
    },
    [flow],
  );

  const openMenu = (e: ReactMouseEvent | MouseEvent, req: Omit<ContextMenuRequest, 'screen' | 'at'>) => {
    e.preventDefault();
    const screen = { x: e.clientX, y: e.clientY };
    ui.openContextMenu({ ...req, screen, at: flow.screenToFlowPosition(screen) });
  };

  const onPointerMove = useCallback((e: PointerEvent) => {
    pointer.current = { x: e.clientX, y: e.clientY };
  }, []);

  return (
    <div
      className={`wg-canvas${locked ? ' is-locked' : ''}${zoomedOut ? ' is-zoomed-out' : ''}`}
      ref={wrapper}
      tabIndex={-1}
      onDragOver={onDragOver}
      onDragLeave={() => setDropEdge(null)}
      onDrop={onDrop}
      onPointerMove={onPointerMove}
      onPointerLeave={() => (pointer.current = null)}
      onDoubleClick={(e) => {
        // Double-click on empty canvas: search a layer right there.
        if (locked || !(e.target as Element).classList?.contains('react-flow__pane')) return;
        const screen = { x: e.clientX, y: e.clientY };
        ui.openQuickAdd({ screen, at: flow.screenToFlowPosition(screen) });
      }}
    >
      <ReactFlow<FlowNode, ShapeFlowEdge>
        nodes={flowNodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={() => editor.beginGesture('Move')}
        onNodeDragStop={() => editor.endGesture()}
        onConnect={onConnect}
        onNodeDoubleClick={(_e, n) => {
          if (n.type === 'pin') return runAction('renamePin', { nodeId: n.id });
          // A block instance opens in place (its definition on this canvas, a breadcrumb back).
          if (n.data.def?.category === 'block') return runAction('openBlock', { nodeId: n.id });
          // Double-click = rename, as on most canvases: select the node and put the caret in its label.
          editor.select([n.id]);
          requestAnimationFrame(() => (document.getElementById(LABEL_FIELD_ID) as HTMLInputElement | null)?.select());
        }}
        onPaneContextMenu={(e) => openMenu(e, { context: 'canvas' })}
        onNodeContextMenu={(e, n) => {
          if (n.type === 'pin') return openMenu(e, { context: 'pin', nodeId: n.id });
          const sel = editorStore.get().selection;
          if (sel.nodes.includes(n.id) && sel.nodes.length + sel.edges.length > 1) return openMenu(e, { context: 'selection', nodeId: n.id });
          editor.select([n.id]);
          openMenu(e, { context: 'node', nodeId: n.id });
        }}
        onEdgeContextMenu={(e, edge) => {
          editor.select([], [edge.id]);
          openMenu(e, { context: 'edge', edgeId: edge.id });
        }}
        onSelectionContextMenu={(e) => openMenu(e, { context: 'selection' })}
        onEdgeMouseEnter={(e, edge) => edgeHover.set({ edgeId: edge.id, x: e.clientX, y: e.clientY })}
        onEdgeMouseMove={(e, edge) => edgeHover.set({ edgeId: edge.id, x: e.clientX, y: e.clientY })}
        onEdgeMouseLeave={() => edgeHover.set(null)}
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
        // A marquee takes every layer it touches, as in Figma: a block is one sweep, not a careful enclosure.
        selectionMode={SelectionMode.Partial}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        zoomOnDoubleClick={false}
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
            nodeColor={(n) => (n.type === 'pin' ? CATEGORY_COLORS.block : (CATEGORY_COLORS[(n as LayerFlowNode).data.def?.category ?? ''] ?? 'var(--fg-muted)'))}
            nodeBorderRadius={4}
            maskColor="var(--minimap-mask)"
          />
        ) : null}
      </ReactFlow>
      <CanvasToolbar />
      {doc.nodes.length === 0 ? <EmptyCanvas /> : null}
      <EdgeHoverCard edges={edges} wrapper={wrapper} />
      {locked ? (
        <div className="wg-lock-banner" role="status">
          {/* No stop button here: the top bar's Stop is the one place to stop a run. */}
          <span className="wg-dot is-live" aria-hidden /> Training — the graph is read-only until the run ends.
        </div>
      ) : null}
      <QuickAdd />
      <ContextMenu />
    </div>
  );
}
