/**
 * Hostile ONNX files: each gets one clear ImportError (a stable code, one plain sentence),
 * refused before anything big is allocated or anything outside the file is read.
 */
import fs from 'node:fs';
import { onnx } from 'onnx-proto';
import { describe, expect, it, vi } from 'vitest';
import { importOnnx } from '../../../../core/import/onnx/importer';
import { ImportError } from '../../../../core/import/onnx/errors';
import { DEFAULT_LIMITS } from '../../../../core/import/onnx/limits';
import { floatTensor, modelBytes, modelProto, node, tinyConvNet, tinyMlp } from './build';

async function refusal(bytes: Uint8Array, opts: Parameters<typeof importOnnx>[1] = {}): Promise<ImportError> {
  try {
    await importOnnx(bytes, { layout: false, ...opts });
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    expect((e as Error).message).not.toMatch(/\n/);
    return e as ImportError;
  }
  throw new Error('the import did not refuse the file');
}

/** Protobuf wire helpers, for files the encoder would refuse to write (or overflow writing). */
const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
};
const header = (field: number, len: number) => [...varint(field * 8 + 2), ...varint(len)];

/** Subgraphs nested `depth` deep (If → then_branch → If → ...), written outside in without recursion. */
function deepModel(depth: number): Uint8Array {
  const opset = [...header(8, 2), 0x10, 17];
  const name = new TextEncoder().encode('then_branch');
  const levels: number[][] = [];
  let inner = 0; // bytes of the innermost graph
  for (let d = 0; d < depth; d++) {
    const attrLen = 2 + name.length + header(6, inner).length + inner;
    const nodeLen = 4 + header(5, attrLen).length + attrLen;
    const prefix = [...header(1, nodeLen), 0x22, 2, 0x49, 0x66, ...header(5, attrLen), 0x0a, name.length, ...name, ...header(6, inner)];
    levels.push(prefix);
    inner += prefix.length;
  }
  const out = [...opset, ...header(7, inner)];
  for (let d = depth - 1; d >= 0; d--) out.push(...levels[d]);
  return Uint8Array.from(out);
}

describe('hostile ONNX files: one clear error each', () => {
  it('truncated protobuf', async () => {
    const bytes = modelBytes(tinyConvNet());
    for (const cut of [1, 10, bytes.length >> 1, bytes.length - 3]) {
      expect((await refusal(bytes.subarray(0, cut))).code).toMatch(/IMPORT_CORRUPT|IMPORT_NO_GRAPH/);
    }
    expect((await refusal(new Uint8Array())).code).toBe('IMPORT_EMPTY');
  });

  it('deep nesting is refused by the pre-parse scan, without recursion', async () => {
    const e = await refusal(deepModel(100_000));
    expect(e.code).toBe('IMPORT_TOO_DEEP');
    expect(e.message).toContain(`${DEFAULT_LIMITS.maxNesting} levels`);
  });

  it('huge dims: declared sizes are checked before any allocation', async () => {
    const spec = tinyMlp();
    spec.initializers![0] = { name: 'fc1.weight', dims: [1e6, 1e6], dataType: onnx.TensorProto.DataType.FLOAT };
    expect((await refusal(modelBytes(spec))).code).toBe('IMPORT_HUGE_DIMS');
    const big = tinyMlp();
    big.sample = [100_000, 100_000];
    expect((await refusal(modelBytes(big))).code).toBe('IMPORT_HUGE_DIMS');
    const neg = tinyMlp();
    neg.initializers![1] = { name: 'fc1.bias', dims: [-3], dataType: onnx.TensorProto.DataType.FLOAT };
    expect((await refusal(modelBytes(neg))).code).toBe('IMPORT_BAD_DIMS');
  });

  it('external data paths are refused and never read', async () => {
    const spy = vi.spyOn(fs, 'readFileSync');
    const spec = tinyMlp();
    spec.initializers![0] = {
      name: 'fc1.weight', dims: [3, 4], dataType: onnx.TensorProto.DataType.FLOAT,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: '../../../../etc/passwd' }],
    };
    const e = await refusal(modelBytes(spec));
    expect(e.code).toBe('IMPORT_EXTERNAL_DATA');
    expect(e.message).toContain('../../../../etc/passwd');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('unknown opsets are refused; near ones import with a warning', async () => {
    for (const opset of [1, 99, 1e9]) expect((await refusal(modelBytes({ ...tinyMlp(), opset }))).code).toBe('IMPORT_OPSET');
    const r = await importOnnx(modelBytes({ ...tinyMlp(), opset: 12 }), { layout: false });
    expect(r.warnings.join()).toMatch(/opset 12/);
    const m = modelProto(tinyMlp());
    m.opsetImport = [{ domain: 'com.example', version: 1 }];
    expect((await refusal(modelBytes(m))).code).toBe('IMPORT_NO_OPSET');
  });

  it('cycles, values read before anyone makes them, values made twice', async () => {
    const cyc = tinyMlp();
    cyc.nodes = [node('Relu', ['x2'], ['x1']), node('Relu', ['x1'], ['x2']), node('Relu', ['x2'], ['y'])];
    expect((await refusal(modelBytes(cyc))).code).toBe('IMPORT_CYCLE');
    const self = tinyMlp();
    self.nodes = [node('Add', ['x', 'z'], ['z'])];
    expect((await refusal(modelBytes({ ...self, output: 'z' }))).code).toBe('IMPORT_CYCLE');
    const unknown = tinyMlp();
    unknown.nodes[1] = node('Relu', ['nowhere'], ['r']);
    expect((await refusal(modelBytes(unknown))).code).toBe('IMPORT_UNKNOWN_VALUE');
    const twice = tinyMlp();
    twice.nodes[1] = node('Relu', ['h'], ['h']);
    expect((await refusal(modelBytes(twice))).code).toBe('IMPORT_DUPLICATE_VALUE');
  });

  it('size, node-count limits and custom domains', async () => {
    const bytes = modelBytes(tinyConvNet());
    expect((await refusal(bytes, { limits: { ...DEFAULT_LIMITS, maxFileBytes: 100 } })).code).toBe('IMPORT_TOO_LARGE');
    expect((await refusal(bytes, { limits: { ...DEFAULT_LIMITS, maxNodes: 3 } })).code).toBe('IMPORT_TOO_MANY_NODES');
    const custom = tinyMlp();
    custom.nodes[1] = { ...node('Relu', ['h'], ['r']), domain: 'com.microsoft' };
    expect((await refusal(modelBytes(custom))).code).toBe('IMPORT_CUSTOM_DOMAIN');
  });

  it('inputs Wiregrad cannot feed', async () => {
    const m = modelProto(tinyMlp());
    m.graph!.input![0].type!.tensorType!.shape!.dim![1] = { dimParam: 'features' };
    expect((await refusal(modelBytes(m))).code).toBe('IMPORT_INPUT_SHAPE');
    const two = modelProto(tinyMlp());
    two.graph!.input!.push({ ...two.graph!.input![0], name: 'x2' });
    expect((await refusal(modelBytes(two))).code).toBe('IMPORT_MULTIPLE_INPUTS');
    const wrongSize = tinyMlp();
    wrongSize.initializers![0] = floatTensor('fc1.weight', [3, 4], [1, 2, 3]);
    expect((await refusal(modelBytes(wrongSize))).code).toBe('IMPORT_BAD_TENSOR');
  });
});
