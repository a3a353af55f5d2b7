/**
 * Registry-driven gradient check: for every primitive op with a VJP rule, small random
 * programs are differentiated with `gradients()` and the result, evaluated by the float64
 * reference interpreter, is compared with central finite differences of the forward program.
 */
import { describe, expect, it } from 'vitest';
import { gradients } from '../../../core/autograd/grad';
import { Builder } from '../../../core/ir/builder';
import { CompileError } from '../../../core/ir/errors';
import { allOps } from '../../../core/ops/index';
import { emitModel } from '../../../core/onnx/emit';
import { onnx } from 'onnx-proto';
import { runProgram } from '../../reference/interpreter';
import type { RefTensor } from '../../reference/tensor';
import { buildGradProgram, GRAD_CASES, FORWARD_CASES } from './cases';

const EPS = 1e-6;
const RTOL = 1e-6;

const differentiable = allOps().filter((op) => op.vjp && !op.nonDifferentiable);

function lossAt(program: Parameters<typeof runProgram>[0], feeds: Record<string, RefTensor>): number {
  return runProgram(program, feeds).loss.data[0];
}

/** Central differences of the forward loss with respect to every element of one input. */
function finiteDifferences(g: ReturnType<typeof buildGradProgram>, input: string): Float64Array {
  const base = g.feeds[input];
  const out = new Float64Array(base.data.length);
  for (let i = 0; i < base.data.length; i++) {
    const plus = { ...base, data: Float64Array.from(base.data) };
    const minus = { ...base, data: Float64Array.from(base.data) };
    plus.data[i] += EPS;
    minus.data[i] -= EPS;
    out[i] = (lossAt(g.forward, { ...g.feeds, [input]: plus }) - lossAt(g.forward, { ...g.feeds, [input]: minus })) / (2 * EPS);
  }
  return out;
}

describe('every op with a VJP has gradient cases', () => {
  it('the case table covers the registry', () => {
    const missing = differentiable.map((op) => op.name).filter((name) => !(GRAD_CASES[name]?.length));
    expect(missing, `ops with a vjp but no case in test/core/ops/cases.ts GRAD_CASES: ${missing.join(', ')}`).toEqual([]);
  });

  it('the case table names only registered ops with a VJP', () => {
    const names = new Set(differentiable.map((op) => op.name));
    const stale = Object.keys(GRAD_CASES).filter((name) => !names.has(name));
    expect(stale).toEqual([]);
    const both = Object.keys(FORWARD_CASES).filter((name) => names.has(name));
    expect(both, 'ops with a vjp belong in GRAD_CASES').toEqual([]);
  });
});

describe.each(differentiable.map((op) => op.name))('%s: VJP matches finite differences (float64)', (opName) => {
  const cases = GRAD_CASES[opName] ?? [];
  if (cases.length === 0) {
    it('has a case', () => {
      throw new Error(`no gradient case for ${opName}; add one to GRAD_CASES in test/core/ops/cases.ts`);
    });
  }
  cases.forEach((c, k) => {
    it(c.name, () => {
      const g = buildGradProgram(opName, c, 100 + k);
      expect(g.wrt.length).toBeGreaterThan(0);
      const analytic = runProgram(g.full, g.feeds);
      for (const input of g.wrt) {
        const grad = analytic[`grad.${input}`];
        expect(grad.shape, `shape of the gradient for ${input}`).toEqual(g.feeds[input].shape);
        const fd = finiteDifferences(g, input);
        let worst = 0;
        let at = -1;
        for (let i = 0; i < fd.length; i++) {
          const err = Math.abs(grad.data[i] - fd[i]) / Math.max(1, Math.abs(fd[i]));
          if (err > worst) [worst, at] = [err, i];
        }
        expect(worst, `${opName} (${c.name}): d loss/d ${input}[${at}] = ${grad.data[at]}, finite differences ${fd[at]}`).toBeLessThan(RTOL);
      }
    });
  });
});

describe('the cases reach every gradient lowering', () => {
  /** Op types of the gradient nodes a case's program emits as standard ONNX (ConvWeightGrad spelled out). */
  function gradOps(op: string, name: string): Set<string> {
    const c = GRAD_CASES[op].find((x) => x.name === name);
    if (!c) throw new Error(`no ${op} case named "${name}"`);
    const g = buildGradProgram(op, c, 1);
    const nodes = onnx.ModelProto.decode(emitModel(g.full)).graph!.node!;
    return new Set(nodes.filter((n) => n.name!.startsWith('n12.grad/')).map((n) => n.opType!));
  }

  it('Conv: ConvTranspose input gradient + im2col weight gradient (3x3, stride 1, same padding)', () => {
    const ops = gradOps('Conv', '3x3 same padding (im2col weight grad)');
    expect(ops.has('ConvTranspose')).toBe(true);
    expect(ops.has('MatMul')).toBe(true);
  });

  it('Conv: channel-major im2col + one Gemm weight gradient (16+ input channels)', () => {
    const ops = gradOps('Conv', '16 channels, 3x3 same padding (channel-major weight grad)');
    expect(ops.has('Gemm')).toBe(true);
    expect(ops.has('MatMul')).toBe(false);
  });

  it('Conv: transposed-conv weight gradient (5x5)', () => {
    const ops = gradOps('Conv', '5x5 same padding (transposed-conv weight grad)');
    expect(ops.has('MatMul')).toBe(false);
    expect(ops.has('Conv')).toBe(true);
  });

  it('Conv: ConvTranspose input gradient (stride 2), cropped 5x5 weight gradient', () => {
    expect(gradOps('Conv', 'stride 2, padding 1').has('ConvTranspose')).toBe(true);
    const ops = gradOps('Conv', '5x5 stride 2, odd leftover (sliced weight grad)');
    expect(ops.has('ConvTranspose')).toBe(true);
    expect(ops.has('Slice')).toBe(true);
  });

  it('Conv: groups slice and concatenate the weight gradient', () => {
    const ops = gradOps('Conv', 'groups 2, padding 1');
    expect(ops.has('Concat')).toBe(true);
    expect(ops.has('ConvTranspose')).toBe(true);
  });

  it('MaxPool: MaxUnpool for non-overlapping windows, ScatterElements for overlapping ones', () => {
    const a = gradOps('MaxPool', 'kernel 2 stride 2 (MaxUnpool path)');
    expect(a.has('MaxUnpool')).toBe(true);
    expect(a.has('ScatterElements')).toBe(false);
    const b = gradOps('MaxPool', 'kernel 3 stride 2 (ScatterElements path)');
    expect(b.has('ScatterElements')).toBe(true);
    expect(b.has('MaxUnpool')).toBe(false);
  });
});

describe('autograd engine', () => {
  it('Relu has gradient 0 at exactly 0, as PyTorch', () => {
    const b = new Builder();
    const x = b.input('x', [3]);
    const loss = b.reduceSum(b.op1('Relu', [x]), [0]);
    const [gx] = gradients(b, loss, [x]);
    b.output('gx', gx);
    const out = runProgram(b.program(), { x: { shape: [3], data: Float64Array.from([-1, 0, 2]) } });
    expect(Array.from(out.gx.data)).toEqual([0, 0, 1]);
  });

  it('a parameter that does not reach the loss gets an explicit zero gradient of its shape', () => {
    const b = new Builder();
    const x = b.input('x', [2, 3]);
    const unused = b.input('u', [4]);
    const loss = b.reduceSum(b.op1('Exp', [x]), [0, 1]);
    const [gx, gu] = gradients(b, loss, [x, unused]);
    b.output('gx', gx);
    b.output('gu', gu);
    const feeds = { x: { shape: [2, 3], data: Float64Array.from([0, 1, 2, -1, -2, 0.5]) }, u: { shape: [4], data: new Float64Array(4) } };
    const out = runProgram(b.program(), feeds);
    expect(Array.from(out.gx.data)).toEqual(Array.from(feeds.x.data).map(Math.exp));
    expect(out.gu.shape).toEqual([4]);
    expect(Array.from(out.gu.data)).toEqual([0, 0, 0, 0]);
  });

  it('stops at non-differentiable ops (ArgMax, comparisons) without needing a rule', () => {
    const b = new Builder();
    const x = b.input('x', [2, 3]);
    const mask = b.op1('Cast', [b.op1('Greater', [x, b.scalar(0)])], { to: 'float32' });
    const loss = b.reduceSum(b.mul(x, mask), [0, 1]);
    const [gx] = gradients(b, loss, [x]);
    b.output('gx', gx);
    const feeds = { x: { shape: [2, 3], data: Float64Array.from([0.5, -1, 2, -0.1, 0.3, -3]) } };
    expect(Array.from(runProgram(b.program(), feeds).gx.data)).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('gradient nodes are named after the forward node scope (n12.fwd → n12.grad)', () => {
    const b = new Builder();
    const x = b.input('x', [2, 3]);
    const y = b.inScope('n12.fwd', () => b.op1('Tanh', [x]));
    const loss = b.inScope('n13.fwd', () => b.reduceSum(y, [0, 1]));
    const before = b.nodes.length;
    gradients(b, loss, [x]);
    const gradNodes = b.nodes.slice(before).filter((n) => n.op !== 'Constant');
    expect(gradNodes.length).toBeGreaterThan(0);
    for (const n of gradNodes) expect(n.name).toMatch(/^n1[23]\.grad\/[A-Za-z]+_\d+$/);
  });

  it('an op without a VJP on the path is a named error', () => {
    const b = new Builder();
    const x = b.input('x', [3]);
    const loss = b.reduceSum(b.op1('Pow', [x, b.scalar(2)]), [0]);
    expect(() => gradients(b, loss, [x])).toThrow(CompileError);
    try {
      gradients(b, loss, [x]);
    } catch (e) {
      expect((e as CompileError).code).toBe('AUTOGRAD_NO_VJP');
    }
  });

  it('Slice with a step other than 1 refuses to differentiate (IR_NO_VJP)', () => {
    const b = new Builder();
    const x = b.input('x', [6]);
    const s = b.op1('Slice', [x], { starts: [0], ends: [6], axes: [0], steps: [2] });
    const loss = b.reduceSum(s, [0]);
    expect(() => gradients(b, loss, [x])).toThrow(/steps other than 1/);
  });
});

