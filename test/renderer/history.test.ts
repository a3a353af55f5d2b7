import { describe, expect, it } from 'vitest';
import { applyDiff, composeDiffs, diffDocuments, isEmptyDiff } from '../../renderer/store/history';
import { applyCommand } from '../../renderer/store/commands';
import { chain, node } from './fixtures';

describe('document diffs', () => {
  it('records only what changed', () => {
    const a = chain();
    const b = applyCommand(a, { kind: 'setParam', nodeId: 'n2', param: 'out_features', value: 10 });
    const d = diffDocuments(a, b);
    expect(Object.keys(d.nodes)).toEqual(['n2']);
    expect(d.edges).toEqual({});
    expect(d.fields).toEqual({});
    expect(isEmptyDiff(diffDocuments(a, a))).toBe(true);
  });

  it('undo restores a deleted middle node in place, redo removes it again', () => {
    const a = chain();
    const b = applyCommand(a, { kind: 'remove', nodeIds: ['n2'], edgeIds: [] });
    const d = diffDocuments(a, b);
    const undone = applyDiff(b, d, 'undo');
    expect(undone.nodes).toEqual(a.nodes);
    expect(undone.edges).toEqual(a.edges);
    expect(applyDiff(undone, d, 'redo')).toEqual(b);
  });

  it('round-trips top-level fields', () => {
    const a = chain();
    const b = applyCommand(applyCommand(a, { kind: 'rename', name: 'x' }), { kind: 'setTraining', patch: { epochs: 3 } });
    const d = diffDocuments(a, b);
    expect(Object.keys(d.fields).sort()).toEqual(['name', 'training']);
    expect(applyDiff(b, d, 'undo')).toEqual(a);
  });

  it('composes consecutive diffs', () => {
    const a = chain();
    const b = applyCommand(a, { kind: 'addNodes', nodes: [node('n4')] });
    const c = applyCommand(b, { kind: 'moveNodes', positions: { n4: { x: 5, y: 5 }, n1: { x: 9, y: 9 } } });
    const d = composeDiffs(diffDocuments(a, b), diffDocuments(b, c));
    expect(applyDiff(c, d, 'undo')).toEqual(a);
    expect(applyDiff(a, d, 'redo')).toEqual(c);
  });

  it('composing an add and its removal cancels out', () => {
    const a = chain();
    const b = applyCommand(a, { kind: 'addNodes', nodes: [node('n4')] });
    const c = applyCommand(b, { kind: 'remove', nodeIds: ['n4'], edgeIds: [] });
    expect(isEmptyDiff(composeDiffs(diffDocuments(a, b), diffDocuments(b, c)))).toBe(true);
  });
});
