import { numel, type IrNode } from '../ir/ir';
import type { EmitContext } from '../onnx/emitContext';
import type { Window2d } from './convShapes';

/**
 * Emits a non-overlapping k×k MaxPool (Y and Indices, exactly as ONNX defines them) without
 * ORT's MaxPool kernel, which measured ~4× slower than this on the course ConvNet's pools:
 *   planes  = SpaceToDepth(x): the k² window positions as k² contiguous planes
 *   Y       = ReduceMax over the planes
 *   Indices = flat input index of the FIRST maximal position (row-major in the window, the
 *             tie rule of ONNX and PyTorch), from per-plane Equal masks; float arithmetic is
 *             exact because every index is < 2^24 (checked by canBlockPool).
 * MaxPool's VJP (MaxUnpool with these indices) is unchanged.
 */
export function canBlockPool(x: number[], w: Window2d): boolean {
  const k = w.kernel[0];
  return (
    x.length === 4 && k === w.kernel[1] && k >= 2 && k <= 3 && w.strides[0] === k && w.strides[1] === k &&
    w.pads.every((p) => p === 0) && w.dilations.every((d) => d === 1) && numel(x) < 2 ** 24 &&
    x[2] >= k && x[3] >= k
  );
}

export function emitBlockedMaxPool(node: IrNode, ctx: EmitContext, w: Window2d): void {
  const [n, c, h, wd] = node.inputs[0].shape;
  const k = w.kernel[0];
  const [oh, ow] = [Math.floor(h / k), Math.floor(wd / k)];
  const m = c * oh * ow;
  const t = (hint: string) => ctx.temp(`${node.name}/${hint}`);
  const op = (type: string, ins: string[], attrs: Record<string, number | number[] | string> = {}, out = t(type)) => {
    ctx.node(type, ins, [out], attrs, node);
    return out;
  };
  let x = ctx.name(node.inputs[0]);
  if (oh * k !== h || ow * k !== wd) {
    x = op('Slice', [x, ctx.int64([0, 0]), ctx.int64([oh * k, ow * k]), ctx.int64([2, 3]), ctx.int64([1, 1])]);
  }
  const planes = op('Reshape', [op('SpaceToDepth', [x], { blocksize: k }), ctx.int64([n, k * k, m])]);
  const ymax = op('ReduceMax', [planes], { axes: [1], keepdims: 1 });
  op('Reshape', [ymax, ctx.int64([n, c, oh, ow])], {}, ctx.name(node.outputs[0]));

  // Offset of the first maximum inside its window, in flat input coordinates.
  let offset: string | null = null;
  let free: string | null = null;
  for (let p = 0; p < k * k; p++) {
    const plane = op('Slice', [planes, ctx.int64([p]), ctx.int64([p + 1]), ctx.int64([1]), ctx.int64([1])]);
    const hit = op('Equal', [plane, ymax]);
    const first = free ? op('And', [hit, free]) : hit;
    const off = Math.floor(p / k) * wd + (p % k);
    if (off > 0) {
      const term = op('Mul', [op('Cast', [first], { to: 1 }), ctx.float([off], [])]);
      offset = offset ? op('Add', [offset, term]) : term;
    }
    if (p < k * k - 1) {
      const miss = op('Not', [hit]);
      free = free ? op('And', [free, miss]) : miss;
    }
  }
  // Window origin of every output position: (n·C + c)·H·W + k·i·W + k·j, as a sum of small
  // broadcast constants that ORT folds into one initializer when the session loads.
  const nc = Array.from({ length: n * c }, (_, r) => r * h * wd);
  const rows = Array.from({ length: oh }, (_, i) => k * i * wd);
  const cols = Array.from({ length: ow }, (_, j) => k * j);
  const origin = op('Add', [op('Add', [ctx.float(nc, [n, c, 1, 1]), ctx.float(rows, [1, 1, oh, 1])]), ctx.float(cols, [1, 1, 1, ow])]);
  const local = op('Reshape', [offset!, ctx.int64([n, c, oh, ow])]);
  op('Cast', [op('Add', [origin, local])], { to: 7 }, ctx.name(node.outputs[1]));
}
