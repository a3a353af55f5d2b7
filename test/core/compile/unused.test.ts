/**
 * Issue 7, defect 2: layers that lead nowhere (the checker warns NODE_UNUSED, "ignored in
 * training") must really be ignored by every program and by export — unconnected
 * activations and Flatten used to crash training and export.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { buildProgram } from '../../../core/compile/programs';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { exportInferenceModel } from '../../../core/onnx/export';
import { train } from '../../../core/train/trainer';

const mlp = (): ProjectDocument =>
  parseDocument(fs.readFileSync(path.resolve(__dirname, '../../../assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));

function withStrays(doc: ProjectDocument): ProjectDocument {
  const stray = ['ReLU', 'Sigmoid', 'Tanh', 'Flatten', 'Dropout', 'Linear'].map((type, i) => ({ id: `stray${i}`, type, params: {}, position: { x: 500, y: 80 * i } }));
  // One stray hangs off the Input (it has an input but leads nowhere).
  const fed = { id: 'stray_fed', type: 'ReLU', params: {}, position: { x: 600, y: 0 } };
  const input = doc.nodes.find((n) => n.type === 'Input')!;
  return {
    ...doc,
    nodes: [...doc.nodes, ...stray, fed],
    edges: [...doc.edges, { id: 'e_stray', from: { node: input.id, port: 'x' }, to: { node: 'stray_fed', port: 'in' } }],
  };
}

describe('unused layers', () => {
  it('are warned about, and every program and the export ignore them', async () => {
    const doc = withStrays(mlp());
    const check = checkDocument(doc);
    expect(check.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}@${d.nodeId}:${d.message}`)).toEqual([]);
    expect(check.diagnostics.filter((d) => d.code === 'NODE_UNUSED').map((d) => d.nodeId).sort()).toEqual([...doc.nodes.filter((n) => n.id.startsWith('stray')).map((n) => n.id)].sort());
    for (const kind of ['train', 'grad', 'eval', 'update'] as const) expect(() => buildProgram(doc, kind, 4, check)).not.toThrow();
    // The export is the same model as without the strays.
    expect(Buffer.from(exportInferenceModel(doc)).equals(Buffer.from(exportInferenceModel(mlp())))).toBe(true);
    const r = await train({ ...doc, training: { ...doc.training, dataset: { kind: 'random', samples: 64, classes: 10 } } }, { maxSteps: 3, evaluateEachEpoch: false });
    expect(r.done.steps).toBe(3);
  });
});
