import { describe, expect, it } from 'vitest';
import { parseParam, formatParam } from '../../renderer/inspector/paramParse';
import { smooth } from '../../renderer/training/smoothing';
import { autoLayout } from '../../renderer/canvas/layout';
import { formatBatchShape, formatCount, formatDuration } from '../../renderer/util/format';
import { IDLE_RUN, reduceRun, startRun, testAccuracy } from '../../renderer/training/runState';
import { chain } from './fixtures';
import { projectTitle } from '../../core/graph/title';

describe('parseParam', () => {
  it('parses ints with minimums', () => {
    expect(parseParam('int', ' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseParam('int', '1.5').ok).toBe(false);
    expect(parseParam('int', '0', { name: 'out_features', min: 1 })).toEqual({ ok: false, error: 'out_features must be at least 1' });
  });
  it('parses "auto"', () => {
    expect(parseParam('intOrAuto', 'Auto')).toEqual({ ok: true, value: 'auto' });
    expect(parseParam('intOrAuto', '784')).toEqual({ ok: true, value: 784 });
    expect(parseParam('intOrAuto', 'x').ok).toBe(false);
  });
  it('parses int-or-pair like PyTorch', () => {
    expect(parseParam('intPair', '3')).toEqual({ ok: true, value: 3 });
    expect(parseParam('intPair', '3,3')).toEqual({ ok: true, value: 3 });
    expect(parseParam('intPair', '(3, 5)')).toEqual({ ok: true, value: [3, 5] });
    expect(parseParam('intPair', '1,2,3').ok).toBe(false);
    expect(parseParam('intPair', '3,').ok).toBe(true);
  });
  it('parses shapes', () => {
    expect(parseParam('shape', '1, 28, 28')).toEqual({ ok: true, value: [1, 28, 28] });
    expect(parseParam('shape', '3×32×32')).toEqual({ ok: true, value: [3, 32, 32] });
    expect(parseParam('shape', '0,2').ok).toBe(false);
    expect(parseParam('shape', '').ok).toBe(false);
  });
  it('parses floats and bools', () => {
    expect(parseParam('float', '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseParam('float', 'abc').ok).toBe(false);
    expect(parseParam('bool', 'true')).toEqual({ ok: true, value: true });
  });
  it('parses a choice among its options only (GELU approximate)', () => {
    const spec = { name: 'approximate', default: 'none', options: ['none', 'tanh'] };
    expect(parseParam('text', ' tanh ', spec)).toEqual({ ok: true, value: 'tanh' });
    expect(parseParam('text', 'fast', spec)).toEqual({ ok: false, error: 'approximate must be one of none, tanh' });
  });

  it('formats values back', () => {
    expect(formatParam('shape', [1, 28, 28])).toBe('1, 28, 28');
    expect(formatParam('intPair', [3, 5])).toBe('3,5');
    expect(formatParam('intOrAuto', null)).toBe('auto');
  });
});

describe('smoothing', () => {
  it('is the identity at weight 0 and debiased otherwise', () => {
    expect(smooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const s = smooth([5, 5, 5], 0.9) as number[];
    s.forEach((v) => expect(v).toBeCloseTo(5));
  });
});

describe('autoLayout (ELK layered)', () => {
  it('puts a chain in increasing layers, left to right', async () => {
    const p = await autoLayout(chain());
    expect(p.n1.x).toBeLessThan(p.n2.x);
    expect(p.n2.x).toBeLessThan(p.n3.x);
  });
  it('top to bottom when asked', async () => {
    const p = await autoLayout(chain(), { dir: 'TB' });
    expect(p.n1.y).toBeLessThan(p.n2.y);
    expect(p.n2.y).toBeLessThan(p.n3.y);
  });
});

describe('format', () => {
  it('formats counts and shapes', () => {
    expect(formatCount(896)).toBe('896');
    expect(formatCount(101_770)).toBe('102k');
    expect(formatCount(2_400_000)).toBe('2.4M');
    expect(formatBatchShape({ shape: [128], dtype: 'float32' }, 64)).toBe('64×128');
    expect(formatBatchShape(null, 64)).toBe('?');
  });
});

describe('run state', () => {
  it('folds events', () => {
    let s = startRun(0);
    s = reduceRun(s, [
      { kind: 'start', epochs: 1, stepsPerEpoch: 2, totalSteps: 2, batchSize: 4, trainSamples: 8, validationSamples: 0, testSamples: 4, device: 'cpu', parameters: 10 },
      { kind: 'step', step: 1, epoch: 1, loss: 2, accuracy: 0.1, samplesPerSec: 100, elapsedSec: 0.1, etaSec: 0.1 },
    ], 5);
    expect(s.status).toBe('running');
    expect(s.firstPointAt).toBe(5);
    s = reduceRun(s, [
      { kind: 'step', step: 2, epoch: 1, loss: 1, samplesPerSec: 100, elapsedSec: 0.2, etaSec: 0 },
      { kind: 'done', reason: 'completed', steps: 2, epochs: 1, samples_per_s: 100, elapsedSec: 0.2, test: { loss: 1, accuracy: 0.5 } },
    ]);
    expect(s.steps.loss).toEqual([2, 1]);
    expect(s.steps.accuracy).toEqual([0.1, null]);
    expect(s.status).toBe('completed');
    expect(testAccuracy(s)).toBe(0.5);
    expect(reduceRun(IDLE_RUN, [])).toBe(IDLE_RUN);
  });
});

describe('chart series', async () => {
  const { lossSeries, accuracySeries } = await import('../../renderer/training/chartData');
  it('puts per-epoch validation values on the epoch-end step, raw faint under smoothed', () => {
    let s = startRun(0);
    s = reduceRun(s, [1, 2, 3, 4].map((step) => ({ kind: 'step' as const, step, epoch: step <= 2 ? 1 : 2, loss: 5 - step, accuracy: step / 10, samplesPerSec: 1, elapsedSec: step, etaSec: 0 })));
    s = reduceRun(s, [{ kind: 'epoch', epoch: 1, step: 2, train_loss: 3, val_loss: 2.5, val_accuracy: 0.3, samples_per_s: 1, elapsedSec: 2 }]);
    const loss = lossSeries(s, 0.5);
    expect(loss.map((x) => x.label)).toEqual(['train (raw)', 'train', 'validation']);
    expect(loss[0].faint).toBe(true);
    expect(loss[2].values).toEqual([null, 2.5, null, null]);
    expect(accuracySeries(s, 0).find((x) => x.label === 'validation')!.values[1]).toBe(0.3);
  });
});

describe('projectTitle', () => {
  it("is the saved file's name without the extension, else the document's name", () => {
    expect(projectTitle('Untitled', null)).toBe('Untitled');
    expect(projectTitle('Untitled', '/home/ana/work/mlp.wiregrad.json')).toBe('mlp');
    expect(projectTitle('MNIST MLP', 'C:\\Users\\ana\\lenet v2.json')).toBe('lenet v2');
    expect(projectTitle('x', 'relative/notes.txt')).toBe('notes.txt');
  });
});

describe('formatDuration', () => {
  it('shows tenths under ten seconds, then whole seconds, minutes and hours', () => {
    expect(formatDuration(0.33)).toBe('0.3s');
    expect(formatDuration(9.94)).toBe('9.9s');
    expect(formatDuration(9.96)).toBe('10s');
    expect(formatDuration(75)).toBe('1m 15s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3h 02m');
    expect(formatDuration(NaN)).toBe('–');
  });
});
