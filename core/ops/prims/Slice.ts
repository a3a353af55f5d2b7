import { CompileError } from '../../ir/errors';
import { normAxis } from '../shapes';
import type { Attrs, Value } from '../../ir/ir';
import type { PrimitiveOp } from '../types';

interface AxisSlice {
  axis: number;
  start: number;
  end: number;
  step: number;
  count: number;
}

/** ONNX Slice semantics (clamping, negative indices and steps) resolved against a static shape. */
export function resolveSlice(x: Value, attrs: Attrs): AxisSlice[] {
  const starts = attrs.starts as number[];
  const ends = attrs.ends as number[];
  const axes = (attrs.axes as number[] | undefined) ?? starts.map((_, i) => i);
  const steps = (attrs.steps as number[] | undefined) ?? starts.map(() => 1);
  return axes.map((a, i) => {
    const axis = normAxis(a, x.shape.length);
    const dim = x.shape[axis];
    const step = steps[i];
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
    let start = starts[i] < 0 ? starts[i] + dim : starts[i];
    let end = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (step > 0) {
      start = clamp(start, 0, dim);
      end = clamp(end, 0, dim);
    } else {
      start = clamp(start, 0, dim - 1);
      end = clamp(end, -1, dim - 1);
    }
    const count = Math.max(0, Math.ceil((end - start) / step));
    return { axis, start, end, step, count };
  });
}

export const Slice: PrimitiveOp = {
  name: 'Slice',
  infer: ([x], attrs) => {
    const shape = [...x.shape];
    for (const s of resolveSlice(x, attrs)) shape[s.axis] = s.count;
    return [{ shape, dtype: x.dtype }];
  },
  // Gradient of a unit-step slice: zero-pad back to the input's extent.
  vjp: (b, node, [g]) => {
    if (!g) return [null];
    const x = node.inputs[0];
    const slices = resolveSlice(x, node.attrs);
    if (slices.some((s) => s.step !== 1)) {
      throw new CompileError('IR_NO_VJP', `Slice with steps other than 1 has no gradient rule (${node.name})`);
    }
    const r = x.shape.length;
    const pads = new Array<number>(2 * r).fill(0);
    for (const s of slices) {
      pads[s.axis] = s.start;
      pads[r + s.axis] = x.shape[s.axis] - s.start - s.count;
    }
    return [b.op1('Pad', [g], { pads })];
  },
  emit: (node, ctx) => {
    const a = node.attrs;
    const starts = a.starts as number[];
    ctx.node(
      'Slice',
      [
        ctx.name(node.inputs[0]),
        ctx.int64(starts),
        ctx.int64(a.ends as number[]),
        ctx.int64((a.axes as number[] | undefined) ?? starts.map((_, i) => i)),
        ctx.int64((a.steps as number[] | undefined) ?? starts.map(() => 1)),
      ],
      [ctx.name(node.outputs[0])],
      {},
      node,
    );
  },
};
