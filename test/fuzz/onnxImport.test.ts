/**
 * Fuzzing the ONNX importer (issue 10): mutated ONNX files, byte-level (corrupt and
 * truncated files) and structural (wrong op types, attributes, dims, names, order), through
 * import → project file → check → export. Every case must be a clear error (an ImportError
 * or CompileError with its code) or a valid import, never a crash, a hang or a stack trace.
 */
import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../core/check/check';
import { parseDocument, serializeDocument } from '../../core/graph/parse';
import { importOnnx } from '../../core/import/onnx/importer';
import { exportInferenceModel } from '../../core/onnx/export';
import type { Rng } from '../../core/util/rng';
import { floatTensor, modelBytes, node, tinyConvNet, tinyMlp } from '../core/import/onnx/build';
import { fuzz, summary } from './harness';
import { mutateBytes, pick } from './mutators';

/** A third seed: BatchNorm, AveragePool after a Pad, Concat, Softmax, an op with no rule (Erf). */
function tinyMixed() {
  return {
    sample: [2, 4, 4],
    nodes: [
      node('BatchNormalization', ['x', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var'], ['b'], { epsilon: { f: 1e-5 } }),
      node('Pad', ['b', 'pads'], ['p'], { mode: 'constant' }),
      node('AveragePool', ['p'], ['a'], { kernel_shape: [3, 3], strides: [1, 1] }),
      node('Erf', ['a'], ['e']),
      node('Concat', ['a', 'e'], ['c'], { axis: 1 }),
      node('Flatten', ['c'], ['f'], { axis: 1 }),
      node('Gemm', ['f', 'fc.weight', 'fc.bias'], ['g'], { transB: 1 }),
      node('Softmax', ['g'], ['y'], { axis: 1 }),
    ],
    initializers: [
      floatTensor('bn.weight', [2]), floatTensor('bn.bias', [2], undefined, 2), floatTensor('bn.running_mean', [2], undefined, 3),
      floatTensor('bn.running_var', [2], [1, 2]), { name: 'pads', dims: [8], dataType: onnx.TensorProto.DataType.INT64, int64Data: [0, 0, 1, 1, 0, 0, 1, 1] },
      floatTensor('fc.weight', [5, 64], undefined, 4), floatTensor('fc.bias', [5], undefined, 5),
    ],
  };
}

const seeds = [tinyMlp(), tinyConvNet(), tinyMixed()].map((s) => modelBytes(s));

const OPS = ['Relu', 'Gemm', 'Conv', 'MaxPool', 'Reshape', 'Shape', 'Gather', 'Concat', 'Add', 'BatchNormalization', 'Pad', 'AveragePool', 'Flatten', 'Erf', 'Loop', 'If', 'NoSuchOp', 'Softmax', 'Identity', 'Dropout', ''];
const HOSTILE_INTS = [0, -1, 1, 2, 3, 1e9, -1e9, 2 ** 31, 2 ** 53];

/** One structural change of the decoded model: the kinds of mistakes an exporter or an attacker makes. */
function mutateModel(m: onnx.ModelProto, rng: Rng): void {
  const g = m.graph as onnx.GraphProto;
  const nodes = g.node as onnx.NodeProto[];
  const inits = g.initializer as onnx.TensorProto[];
  const n = nodes.length ? pick(rng, nodes) : null;
  switch (rng.int(10)) {
    case 0:
      if (n) n.opType = pick(rng, OPS);
      break;
    case 1:
      if (n?.input.length) n.input[rng.int(n.input.length)] = pick(rng, ['', 'x', 'nowhere', ...nodes.flatMap((k) => k.output), ...inits.map((t) => t.name)]);
      break;
    case 2: {
      const a = n?.attribute.length ? (pick(rng, n.attribute) as onnx.AttributeProto) : null;
      if (a) {
        if (a.ints?.length) a.ints = a.ints.map(() => pick(rng, HOSTILE_INTS)).slice(0, 1 + rng.int(6));
        else a.i = pick(rng, HOSTILE_INTS);
        a.f = pick(rng, [0, -1, NaN, Infinity, 1e30]);
      }
      break;
    }
    case 3: {
      const t = inits.length ? pick(rng, inits) : null;
      if (t) t.dims = t.dims.map((d) => (rng.int(2) ? pick(rng, HOSTILE_INTS) : d));
      break;
    }
    case 4:
      if (inits.length) inits.splice(rng.int(inits.length), 1);
      break;
    case 5:
      if (nodes.length > 1) {
        const i = rng.int(nodes.length);
        const j = rng.int(nodes.length);
        [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
      }
      break;
    case 6:
      if (nodes.length) nodes.splice(rng.int(nodes.length), 1);
      break;
    case 7: {
      const dim = g.input[0]?.type?.tensorType?.shape?.dim;
      if (dim?.length) dim[rng.int(dim.length)] = rng.int(3) ? { dimValue: pick(rng, HOSTILE_INTS) } : { dimParam: 'M' };
      break;
    }
    case 8:
      if (n) n.output = [pick(rng, ['x', n.input[0] ?? 'x', ...nodes.flatMap((k) => k.output)])];
      break;
    default:
      m.opsetImport = [{ domain: '', version: pick(rng, [7, 11, 13, 17, 18, 21, 22, 0]) }];
  }
}

function mutate(bytes: Uint8Array, rng: Rng): Uint8Array {
  if (rng.int(3) === 0) return mutateBytes(bytes, rng);
  let m: onnx.ModelProto;
  try {
    m = onnx.ModelProto.decode(bytes);
  } catch {
    return mutateBytes(bytes, rng);
  }
  mutateModel(m, rng);
  try {
    return onnx.ModelProto.encode(m).finish();
  } catch {
    return mutateBytes(bytes, rng); // a mutation protobuf itself cannot write
  }
}

describe('fuzz: ONNX import', () => {
  it('mutated ONNX files: clear errors or valid imports that check and export', async () => {
    let imported = 0;
    let exported = 0;
    const r = await fuzz(
      {
        name: 'onnx-import',
        seeds,
        mutate,
        describe: (b) => Buffer.from(b.subarray(0, 200)).toString('base64'),
        run: async (bytes) => {
          const result = await importOnnx(bytes, { layout: false });
          // A valid import: a project file the parser accepts and that reads back the same.
          const doc = parseDocument(serializeDocument(result.doc), 'imported.wiregrad.json');
          imported++;
          if (checkDocument(doc).diagnostics.some((d) => d.severity === 'error')) return;
          exportInferenceModel(doc, { weights: new Map([...result.weights].map(([k, w]) => [k, w.data])) });
          exported++;
        },
      },
      { seed: 10_010, runs: 600, budgetMs: 15_000, caseTimeoutMs: 10_000 },
    );
    console.log(summary(r), `; ${imported} imported, ${exported} exported`);
    expect(r.failures).toEqual([]);
    expect(r.runs).toBeGreaterThanOrEqual(150);
    expect(r.clearErrors).toBeGreaterThan(0);
    expect(imported).toBeGreaterThan(0);
  }, 90_000);
});
