import { describe, expect, it } from 'vitest';
import { applyCommand, freshIds, wouldCreateCycle } from '../../renderer/store/commands';
import { chain, node } from './fixtures';

describe('applyCommand', () => {
  it('adds nodes and edges without touching existing ones', () => {
    const doc = chain();
    const out = applyCommand(doc, { kind: 'addNodes', nodes: [node('n4')], edges: [] });
    expect(out.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(out.nodes[0]).toBe(doc.nodes[0]);
    expect(doc.nodes).toHaveLength(3);
  });

  it('removing a node removes its edges', () => {
    const out = applyCommand(chain(), { kind: 'remove', nodeIds: ['n2'], edgeIds: [] });
    expect(out.nodes.map((n) => n.id)).toEqual(['n1', 'n3']);
    expect(out.edges).toEqual([]);
  });

  it('returns the same document when nothing changes', () => {
    const doc = chain();
    expect(applyCommand(doc, { kind: 'remove', nodeIds: ['zz'], edgeIds: [] })).toBe(doc);
    expect(applyCommand(doc, { kind: 'moveNodes', positions: { n1: { x: 0, y: 0 } } })).toBe(doc);
    expect(applyCommand(doc, { kind: 'rename', name: 't' })).toBe(doc);
  });

  it('sets a param immutably', () => {
    const doc = chain();
    const out = applyCommand(doc, { kind: 'setParam', nodeId: 'n2', param: 'out_features', value: 10 });
    expect(out.nodes[1].params.out_features).toBe(10);
    expect(doc.nodes[1].params.out_features).toBeUndefined();
    expect(out.nodes[0]).toBe(doc.nodes[0]);
  });

  it('connecting to an occupied input replaces the old edge', () => {
    const doc = applyCommand(chain(), { kind: 'addNodes', nodes: [node('n4', 'Tanh')] });
    const out = applyCommand(doc, { kind: 'connect', edge: { id: 'e9', from: { node: 'n4', port: 'out' }, to: { node: 'n3', port: 'in' } } });
    expect(out.edges.map((e) => e.id)).toEqual(['e1', 'e9']);
  });

  it('reconnects a wire in one command', () => {
    const doc = applyCommand(chain(), { kind: 'addNodes', nodes: [node('n4', 'Tanh')] });
    const out = applyCommand(doc, { kind: 'reconnect', edgeId: 'e2', edge: { id: 'e2', from: { node: 'n2', port: 'out' }, to: { node: 'n4', port: 'in' } } });
    expect(out.edges.map((e) => `${e.id}:${e.to.node}`)).toEqual(['e1:n2', 'e2:n4']);
  });

  it('inserts a node on an edge', () => {
    const out = applyCommand(chain(), {
      kind: 'insertNodeOnEdge',
      edgeId: 'e1',
      node: node('n4', 'Flatten'),
      inPort: 'in',
      outPort: 'out',
      newEdgeIds: ['e3', 'e4'],
    });
    expect(out.edges.find((e) => e.id === 'e3')).toMatchObject({ from: { node: 'n1', port: 'x' }, to: { node: 'n4', port: 'in' } });
    expect(out.edges.find((e) => e.id === 'e4')).toMatchObject({ from: { node: 'n4', port: 'out' }, to: { node: 'n2', port: 'in' } });
    expect(out.edges.some((e) => e.id === 'e1')).toBe(false);
  });

  it('sets and clears a label', () => {
    const a = applyCommand(chain(), { kind: 'setLabel', nodeId: 'n2', label: ' hidden ' });
    expect(a.nodes[1].label).toBe('hidden');
    const b = applyCommand(a, { kind: 'setLabel', nodeId: 'n2', label: '' });
    expect('label' in b.nodes[1]).toBe(false);
  });

  it('freezes and unfreezes a layer (trainable: false stored, true is the default and leaves no field)', () => {
    const doc = chain();
    const a = applyCommand(doc, { kind: 'setTrainable', nodeId: 'n2', trainable: false });
    expect(a.nodes[1].trainable).toBe(false);
    expect(applyCommand(a, { kind: 'setTrainable', nodeId: 'n2', trainable: false })).toBe(a);
    const b = applyCommand(a, { kind: 'setTrainable', nodeId: 'n2', trainable: true });
    expect('trainable' in b.nodes[1]).toBe(false);
    expect(applyCommand(doc, { kind: 'setTrainable', nodeId: 'n2', trainable: true })).toBe(doc);
  });

  it('patches training config', () => {
    const out = applyCommand(chain(), { kind: 'setTraining', patch: { batch_size: 128 } });
    expect(out.training.batch_size).toBe(128);
    expect(out.training.epochs).toBe(1);
  });
});

describe('helpers', () => {
  it('freshIds skips taken ids', () => {
    expect(freshIds(['n1', 'n3'], 'n', 3)).toEqual(['n2', 'n4', 'n5']);
  });
  it('detects cycles', () => {
    const doc = chain();
    expect(wouldCreateCycle(doc, 'n3', 'n1')).toBe(true);
    expect(wouldCreateCycle(doc, 'n1', 'n3')).toBe(false);
    expect(wouldCreateCycle(doc, 'n2', 'n2')).toBe(true);
  });
});
