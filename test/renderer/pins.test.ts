import { describe, expect, it } from 'vitest';
import { emptyDocument, type BlockDef, type ProjectDocument } from '../../core/graph/document';
import { applyCommand } from '../../renderer/store/commands';
import { createNode } from '../../renderer/store/nodeFactory';
import { pinConnectionProblem, pinEdges, pinNodeId, pinWireCommand } from '../../renderer/canvas/pins';
import { checkFor } from '../../renderer/store/derived';

/** The view of an open block B (Linear -> ReLU, pin `in` feeds the Linear, `out` leaves the ReLU). */
function openView(): ProjectDocument {
  const nodes = [createNode('Linear', 'l1', { x: 0, y: 0 }), createNode('ReLU', 'r1', { x: 300, y: 0 })];
  const edges = [{ id: 'e1', from: { node: 'l1', port: 'out' }, to: { node: 'r1', port: 'in' } }];
  const B: BlockDef = { params: {}, inputs: [{ name: 'in', node: 'l1', port: 'in' }], outputs: [{ name: 'out', node: 'r1', port: 'out' }], nodes, edges };
  return { ...emptyDocument('t'), nodes, edges, blocks: { B } };
}

describe('pins of an open block', () => {
  it('draws one wire per pin entry, from input pins and into output pins', () => {
    const doc = openView();
    const wires = pinEdges(doc.blocks!.B, checkFor(doc), 64, () => undefined);
    expect(wires.map((w) => [w.source, w.target])).toEqual([[pinNodeId('in', 'in'), 'l1'], ['r1', pinNodeId('out', 'out')]]);
  });

  it('wiring the input pin to an inner port adds a pin entry and drops the wire that fed that port, in one command', () => {
    const doc = openView();
    const cmd = pinWireCommand(doc, 'B', { source: pinNodeId('in', 'in'), sourceHandle: 'pin', target: 'r1', targetHandle: 'in' })!;
    const next = applyCommand(doc, cmd);
    expect(next.blocks!.B.inputs).toEqual([{ name: 'in', node: 'l1', port: 'in' }, { name: 'in', node: 'r1', port: 'in' }]);
    expect(next.edges).toEqual([]);
  });

  it('moving a pin wire replaces its entry; an output pin takes its new source', () => {
    const doc = openView();
    const [inWire, outWire] = pinEdges(doc.blocks!.B, checkFor(doc), 64, () => undefined);
    const moved = applyCommand(doc, pinWireCommand(doc, 'B', { source: pinNodeId('in', 'in'), sourceHandle: 'pin', target: 'r1', targetHandle: 'in' }, inWire.id)!);
    expect(moved.blocks!.B.inputs).toEqual([{ name: 'in', node: 'r1', port: 'in' }]);
    const out = applyCommand(doc, pinWireCommand(doc, 'B', { source: 'l1', sourceHandle: 'out', target: pinNodeId('out', 'out'), targetHandle: 'pin' }, outWire.id)!);
    expect(out.blocks!.B.outputs).toEqual([{ name: 'out', node: 'l1', port: 'out' }]);
  });

  it('refuses pin to pin, the wrong side of a pin, and unknown ports', () => {
    const doc = openView();
    expect(pinConnectionProblem(doc, { source: pinNodeId('in', 'in'), sourceHandle: 'pin', target: pinNodeId('out', 'out'), targetHandle: 'pin' })).toMatch(/pin cannot feed/);
    expect(pinConnectionProblem(doc, { source: 'l1', sourceHandle: 'out', target: pinNodeId('in', 'in'), targetHandle: 'pin' })).toMatch(/wrong side/);
    expect(pinConnectionProblem(doc, { source: pinNodeId('in', 'in'), sourceHandle: 'pin', target: 'r1', targetHandle: 'nope' })).toMatch(/unknown port/);
    expect(pinWireCommand(doc, 'B', { source: pinNodeId('in', 'in'), sourceHandle: 'pin', target: 'r1', targetHandle: 'nope' })).toBeNull();
  });
});
