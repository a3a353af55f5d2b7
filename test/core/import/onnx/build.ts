/**
 * Small ONNX models written in TypeScript for the importer's unit, hostile-file and fuzz
 * tests (no Python needed): a float input [N, ...sample], nodes, float initializers.
 */
import { onnx } from 'onnx-proto';
import { Rng } from '../../../../core/util/rng';

const T = onnx.AttributeProto.AttributeType;
export type AttrIn = number | number[] | string | { f: number } | { floats: number[] } | { t: onnx.ITensorProto } | { g: onnx.IGraphProto };

export function attr(name: string, v: AttrIn): onnx.IAttributeProto {
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if ('f' in v) return { name, type: T.FLOAT, f: v.f };
  if ('floats' in v) return { name, type: T.FLOATS, floats: v.floats };
  if ('t' in v) return { name, type: T.TENSOR, t: v.t };
  return { name, type: T.GRAPH, g: v.g };
}

export function node(op: string, inputs: string[], outputs: string[], attrs: Record<string, AttrIn> = {}, name?: string): onnx.INodeProto {
  return { opType: op, input: inputs, output: outputs, name: name ?? `/${outputs[0]}/${op}`, attribute: Object.entries(attrs).map(([k, v]) => attr(k, v)) };
}

export function floatTensor(name: string, dims: number[], data?: Float32Array | number[], seed = 1): onnx.ITensorProto {
  const n = dims.reduce((a, b) => a * b, 1);
  const rng = new Rng(seed);
  const values = data ? Float32Array.from(data) : Float32Array.from({ length: n }, () => rng.uniform(-0.5, 0.5));
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer) };
}

export function intTensor(name: string, values: number[], dims = [values.length]): onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer) };
}

export function valueInfo(name: string, dims: (number | string)[], elemType = onnx.TensorProto.DataType.FLOAT): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } };
}

export interface ModelSpec {
  sample: number[];
  nodes: onnx.INodeProto[];
  initializers?: onnx.ITensorProto[];
  output?: string;
  outputDims?: (number | string)[];
  opset?: number;
  valueInfo?: onnx.IValueInfoProto[];
}

export function modelProto(spec: ModelSpec): onnx.IModelProto {
  const out = spec.output ?? spec.nodes[spec.nodes.length - 1].output![0];
  return {
    irVersion: 8,
    producerName: 'wiregrad-test',
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }],
    graph: {
      name: 'test',
      node: spec.nodes,
      initializer: spec.initializers ?? [],
      input: [valueInfo('x', ['N', ...spec.sample])],
      output: [spec.outputDims ? valueInfo(out, spec.outputDims) : { name: out, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }],
      valueInfo: spec.valueInfo ?? [],
    },
  };
}

export function modelBytes(spec: ModelSpec | onnx.IModelProto): Uint8Array {
  const m = 'sample' in spec ? modelProto(spec) : spec;
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(m as Record<string, unknown>)).finish();
}

/** x [N,1,4,5] → Conv → Resize (nearest ×2) → ReduceMean over `reduceAxes` → Gemm: two ops without a shape rule of their own. */
export function upsampled(reduceAxes: number[]): ModelSpec {
  return {
    sample: [1, 4, 5],
    nodes: [
      node('Conv', ['x', 'cw', 'cb'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Resize', ['c', '', 'scales'], ['r'], { mode: 'nearest' }),
      node('ReduceMean', ['r'], ['m'], { axes: reduceAxes, keepdims: 0 }),
      node('Gemm', ['m', 'W', 'B'], ['y'], { transB: 1 }),
    ],
    initializers: [floatTensor('cw', [3, 1, 3, 3]), floatTensor('cb', [3], undefined, 2), floatTensor('scales', [4], [1, 1, 2, 2]),
      floatTensor('W', [2, 3], undefined, 3), floatTensor('B', [2], undefined, 4)],
  };
}

/** x [N,4] → Gemm(4→3, transB) → Relu → MatMul(3→2) + Add(bias): Linear, ReLU, Linear. */
export function tinyMlp(): ModelSpec {
  return {
    sample: [4],
    nodes: [
      node('Gemm', ['x', 'fc1.weight', 'fc1.bias'], ['h'], { transB: 1 }),
      node('Relu', ['h'], ['r']),
      node('MatMul', ['r', 'W2'], ['m']),
      node('Add', ['m', 'b2'], ['y']),
    ],
    initializers: [floatTensor('fc1.weight', [3, 4]), floatTensor('fc1.bias', [3], undefined, 2), floatTensor('W2', [3, 2], undefined, 3), floatTensor('b2', [2], undefined, 4)],
  };
}

/** x [N,1,6,6] → Conv 3×3 → MaxPool 2 → Shape/Gather/Unsqueeze/Concat/Reshape (x.view(N, -1)) → Gemm. */
export function tinyConvNet(): ModelSpec {
  return {
    sample: [1, 6, 6],
    nodes: [
      node('Conv', ['x', 'conv.weight', 'conv.bias'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1] }),
      node('MaxPool', ['c'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }),
      node('Shape', ['p'], ['s']),
      node('Constant', [], ['zero'], { value: { t: intTensor('', [0], []) } }),
      node('Gather', ['s', 'zero'], ['n'], { axis: 0 }),
      node('Unsqueeze', ['n', 'axes0'], ['n1']),
      node('Concat', ['n1', 'minus1'], ['shape'], { axis: 0 }),
      node('Reshape', ['p', 'shape'], ['flat']),
      node('Gemm', ['flat', 'fc.weight', 'fc.bias'], ['y'], { transB: 1 }),
    ],
    initializers: [
      floatTensor('conv.weight', [2, 1, 3, 3]), floatTensor('conv.bias', [2], undefined, 5),
      intTensor('axes0', [0]), intTensor('minus1', [-1]),
      floatTensor('fc.weight', [3, 18], undefined, 6), floatTensor('fc.bias', [3], undefined, 7),
    ],
  };
}
