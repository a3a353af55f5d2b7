/**
 * The Relu → MaxPool swap is an IR pass: the swapped program computes the same values and
 * the same gradients (float64 reference interpreter), and stays valid.
 */
import { describe, expect, it } from 'vitest';
import { gradients } from '../../../core/autograd/grad';
import { swapReluMaxPool } from '../../../core/compile/passes/reluPoolSwap';
import { Builder } from '../../../core/ir/builder';
import { validateProgram } from '../../../core/ir/validate';
import { Rng } from '../../../core/util/rng';
import { evalValues } from '../../reference/interpreter';

function build(swap: boolean, secondUse = false) {
  const b = new Builder();
  const x = b.input('x', [2, 3, 4, 4]);
  const r = b.op1('Relu', [x]);
  const [pooled] = b.op('MaxPool', [r], { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] });
  let loss = b.reduceSum(b.mul(pooled, pooled), [0, 1, 2, 3]);
  if (secondUse) loss = b.add(loss, b.reduceSum(r, [0, 1, 2, 3]));
  if (swap) swapReluMaxPool(b);
  const [g] = gradients(b, loss, [x]);
  b.output('loss', loss);
  b.output('grad', g);
  return b.program();
}

describe('swapReluMaxPool', () => {
  const rng = new Rng(3);
  const x = { shape: [2, 3, 4, 4], data: Float64Array.from({ length: 96 }, () => rng.uniform(-1, 1)) };
  const run = (p: ReturnType<typeof build>) => {
    const env = evalValues(p, { x });
    return Object.fromEntries(p.outputs.map((o) => [o.name, Array.from(env.get(o.value.id)!.data)]));
  };

  it('moves the ReLU after the pool with identical values and gradients', () => {
    const plain = build(false);
    const swapped = build(true);
    validateProgram(swapped);
    const ops = swapped.nodes.map((n) => n.op);
    expect(ops.indexOf('MaxPool')).toBeLessThan(ops.indexOf('Relu'));
    expect(run(swapped)).toEqual(run(plain));
  });

  it('leaves a ReLU alone when its output is used elsewhere too', () => {
    const p = build(true, true);
    const ops = p.nodes.map((n) => n.op);
    expect(ops.indexOf('Relu')).toBeLessThan(ops.indexOf('MaxPool'));
    expect(run(p)).toEqual(run(build(false, true)));
  });
});
