import { onnx } from 'onnx-proto';
import type { MapContext, OnnxNode } from './context';
import { BATCH, elementCount, type ConstTensor } from './tensor';

/** One input fed to a probe run. */
export interface ProbeFeed {
  name: string;
  dims: number[];
  data: Float32Array;
}

/**
 * Runs a one-node ONNX model and returns each output's dims, or null when the runtime refuses
 * it. Injected (core/runtime/opProbe.ts runs ONNX Runtime), so the importer stays free of Node.
 */
export type OpRunner = (model: Uint8Array, feeds: ProbeFeed[]) => Promise<number[][] | null>;

/**
 * Ops probed: common ones whose shapes need their attributes or constant inputs. An allowlist,
 * because the probe runs a hostile file's node inside the backend's process: only kernels
 * that ONNX Runtime checks well and that real exporters write.
 */
export const PROBED_OPS: ReadonlySet<string> = new Set([
  'Resize', 'Upsample', 'ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSumExp', 'ReduceSumSquare',
  'ArgMax', 'ArgMin', 'TopK', 'Transpose', 'Expand', 'Tile', 'Split', 'Slice', 'Gather', 'Squeeze', 'Unsqueeze', 'Reshape', 'Flatten',
  'DepthToSpace', 'SpaceToDepth', 'MaxPool', 'AveragePool', 'GlobalMaxPool', 'GlobalAveragePool', 'LpPool', 'Conv', 'ConvTranspose',
  'MatMul', 'Gemm', 'Pad', 'Concat', 'Einsum', 'CumSum',
]);

/** Probes larger than this (input elements at batch 2) are not run: inference is not worth a big allocation. */
const MAX_PROBE_ELEMENTS = 1 << 22;

/**
 * Per-sample output shapes of an opaque node that ONNX's simple rules do not cover (Resize,
 * TopK, reductions, ...), found by running the node alone at batch 1 and batch 2 with the
 * known input shapes and the node's own constants: an output whose first dimension follows
 * the batch has the rest as its per-sample shape. Null entries where that does not hold, or
 * where some input's shape is unknown.
 */
export async function probeOpShapes(node: OnnxNode, ctx: MapContext, run: OpRunner): Promise<(number[] | null)[] | null> {
  if (!PROBED_OPS.has(node.op)) return null;
  const samples: (number[] | null)[] = [];
  const consts: (ConstTensor | null)[] = [];
  for (const name of node.inputs) {
    if (!name) {
      samples.push(null);
      consts.push(null);
      continue;
    }
    const v = ctx.value(name);
    if (!v) return null;
    if (v.kind === 'tensor' && !v.sample) return null;
    samples.push(v.kind === 'tensor' ? v.sample : null);
    consts.push(v.kind === 'const' ? v.t : null);
    if (v.kind === 'tensor' && elementCount(v.sample!) * 2 > MAX_PROBE_ELEMENTS) return null;
  }
  const runs: number[][][] = [];
  for (const batch of [1, 2]) {
    const feeds: ProbeFeed[] = [];
    const initializer: onnx.ITensorProto[] = [];
    const input: onnx.IValueInfoProto[] = [];
    node.inputs.forEach((name, i) => {
      if (!name) return;
      const c = consts[i];
      if (c) initializer.push(tensorProto(name, c, batch));
      else {
        const dims = [batch, ...samples[i]!];
        // Not zeros: ops that divide or index by their data would meet degenerate cases.
        feeds.push({ name, dims, data: Float32Array.from({ length: elementCount(dims) }, (_, k) => ((k * 7919) % 97) / 97) });
        input.push({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
      }
    });
    const model: onnx.IModelProto = {
      irVersion: 8,
      opsetImport: [{ domain: '', version: ctx.opset }],
      graph: { name: 'probe', node: [node.proto], initializer, input, output: node.outputs.map((name) => ({ name })) },
    };
    const bytes = onnx.ModelProto.encode(onnx.ModelProto.fromObject(model as Record<string, unknown>)).finish();
    const dims = await run(bytes, feeds).catch(() => null);
    if (!dims || dims.length !== node.outputs.length) return null;
    runs.push(dims);
  }
  const [one, two] = runs;
  return one.map((d, i) => {
    const e = two[i];
    const follows = d.length >= 1 && d[0] === 1 && e[0] === 2 && d.length === e.length && d.slice(1).every((x, k) => x === e[k + 1]);
    return follows ? d.slice(1) : null;
  });
}

/** A constant as an initializer; the symbolic batch entries of integer shapes become `batch`. */
function tensorProto(name: string, t: ConstTensor, batch: number): onnx.ITensorProto {
  const T = onnx.TensorProto.DataType;
  if (t.dtype === 'float32') return { name, dims: t.dims, dataType: T.FLOAT, floatData: Array.from(t.data) };
  return { name, dims: t.dims, dataType: T.INT64, int64Data: t.data.map((v) => (v === BATCH ? batch : v)) };
}
