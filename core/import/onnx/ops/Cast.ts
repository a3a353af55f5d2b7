import { onnx } from 'onnx-proto';
import type { OpRule } from './types';
import { elems, ints } from './foldUtil';
import { BATCH } from '../tensor';

const FLOATS = new Set<number>([onnx.TensorProto.DataType.FLOAT, onnx.TensorProto.DataType.DOUBLE, onnx.TensorProto.DataType.FLOAT16]);

/** Cast of a constant: to float or to an integer type (shape chains cast back and forth). */
export const Cast: OpRule = {
  op: 'Cast',
  fold: (node, [x], ctx) => {
    if (!x) return null;
    const to = ctx.int(node, 'to', onnx.TensorProto.DataType.FLOAT);
    const e = elems(x);
    if (FLOATS.has(to)) return e.includes(BATCH) ? null : [{ dtype: 'float32', dims: x.dims, data: Float32Array.from(e as number[]) }];
    return [ints(x.dims, e.map((v) => (v === BATCH ? v : Math.trunc(v))))];
  },
};
