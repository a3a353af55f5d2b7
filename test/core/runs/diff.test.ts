/** What changed between two runs: settings flattened to paths, graph nodes and params, wiring; and the runs table's differing columns. */
import { describe, expect, it } from 'vitest';
import { differingPaths, diffGraphs, diffValues } from '../../../core/runs/diff';
import { overlay } from '../../../renderer/runs/overlay';
import type { RunDetails } from '../../../core/runs/record';
import { chainDoc } from '../../helpers/docs';

describe('run diffs', () => {
  it('settings: dotted paths, arrays compared whole, absent values shown as undefined', () => {
    const a = { optimizer: { type: 'sgd', lr: 0.1 }, epochs: 2, schedule: { type: 'MultiStepLR', milestones: [3, 6] } };
    const b = { optimizer: { type: 'sgd', lr: 0.01 }, epochs: 2, schedule: { type: 'MultiStepLR', milestones: [3, 7] }, clip_grad_norm: 1 };
    expect(diffValues(a, b)).toEqual([
      { path: 'clip_grad_norm', a: undefined, b: 1 },
      { path: 'optimizer.lr', a: 0.1, b: 0.01 },
      { path: 'schedule.milestones', a: [3, 6], b: [3, 7] },
    ]);
    expect(differingPaths([a, a, b])).toEqual(['clip_grad_norm', 'optimizer.lr', 'schedule.milestones']);
  });

  it('graph: added, removed and changed nodes, and rewired edges', () => {
    const a = chainDoc([4], [['Linear', { in_features: 4, out_features: 8 }, 'fc1'], ['ReLU', {}, 'act']]);
    const b = chainDoc([4], [['Linear', { in_features: 4, out_features: 16 }, 'fc1'], ['Tanh', {}, 'act2']]);
    const d = diffGraphs(a, b);
    expect(d.added).toEqual([{ id: 'act2', type: 'Tanh' }]);
    expect(d.removed).toEqual([{ id: 'act', type: 'ReLU' }]);
    expect(d.changed).toEqual([{ id: 'fc1', type: 'Linear', params: [{ path: 'out_features', a: 8, b: 16 }] }]);
    expect(d.rewired.added).toContain('fc1.out → act2.in');
    expect(d.rewired.removed).toContain('fc1.out → act.in');
  });

  it('overlay: runs of different lengths share one step axis, gaps are null', () => {
    const run = (steps: [number, number][], epochs: [number, number][]) =>
      ({ record: {} as RunDetails['record'], steps: steps.map(([step, loss]) => ({ step, epoch: 1, loss })), epochs: epochs.map(([step, v]) => ({ epoch: 1, step, train_loss: 0, val_loss: v, samples_per_s: 1 })) }) as RunDetails;
    const o = overlay([run([[1, 2], [2, 1.5]], [[2, 1.4]]), run([[1, 2.1], [2, 1.2], [3, 1]], [[3, 0.9]])], 'loss');
    expect(o).toEqual({ x: [1, 2, 3], values: [[2, 1.5, null], [2.1, 1.2, 1]] });
    expect(overlay([run([], [[2, 1.4]]), run([], [[3, 0.9]])], 'val_loss')).toEqual({ x: [2, 3], values: [[1.4, null], [null, 0.9]] });
  });
});
