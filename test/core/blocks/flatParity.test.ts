/**
 * A project with blocks trains to exactly the losses of the same network written flat
 * (real MNIST, real onnxruntime-node). Initialisation draws one seeded stream in parameter-
 * layout order (topological, ties by document order); inlining lists an instance's inner
 * layers where the instance stands and names them by path, so the flat twin — the same
 * layers, named `c1/conv`, ..., in the same order — gets the same draws, and the same names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../runtime/helpers';
import { train } from '../../../core/train/trainer';
import type { ProjectDocument } from '../../../core/graph/document';
import { splitParams } from '../../../core/compile/paramLayout';
import { buildProgram } from '../../../core/compile/programs';
import { convNetFlat, convNetWithBlocks } from './docs';

async function losses(doc: ProjectDocument, steps: number) {
  const out: number[] = [];
  const r = await train(doc, { maxSteps: steps, evaluateEachEpoch: false, stepsPerRun: 1, prefetch: false, onEvent: (e) => e.kind === 'step' && out.push(e.loss) });
  return { losses: out, params: r.state.params };
}

beforeAll(() => buildBundles(), 120_000);

describe('blocks train exactly like the flat network', () => {
  it('same seed, same MNIST batches: identical per-step losses and final weights, under the same names', async () => {
    const blocks = convNetWithBlocks();
    const flat = convNetFlat();
    const lb = buildProgram(blocks, 'train', 32).layout;
    const lf = buildProgram(flat, 'train', 32).layout;
    expect(lb.slots.map((s) => s.name)).toEqual(lf.slots.map((s) => s.name));
    const a = await losses(blocks, 8);
    const b = await losses(flat, 8);
    expect(a.losses).toHaveLength(8);
    expect(a.losses).toEqual(b.losses);
    expect(a.losses[7]).toBeLessThan(a.losses[0]);
    const wa = splitParams(lb, a.params);
    const wb = splitParams(lf, b.params);
    for (const [name, w] of wa) expect(Buffer.from(w.buffer, w.byteOffset, w.byteLength).equals(Buffer.from(wb.get(name)!.buffer, wb.get(name)!.byteOffset, wb.get(name)!.byteLength)), name).toBe(true);
    console.log(`block vs flat losses (8 MNIST steps): ${a.losses.map((l) => l.toFixed(6)).join(', ')}`);
  }, 120_000);
});
