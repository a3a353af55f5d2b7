/**
 * The typed program signature: for every template and a model with buffers and noise,
 * every program's inputs and outputs are exactly what its signature lists (names, roles,
 * shapes, dtypes), state is carried where it should be, and the IR validator accepts
 * every compiled program (and rejects broken ones).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { buildProgram, type ProgramKind } from '../../../core/compile/programs';
import { carriedPairs } from '../../../core/compile/signature';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { Builder } from '../../../core/ir/builder';
import { validateProgram } from '../../../core/ir/validate';
import { chainDoc } from '../../helpers/docs';

const templates = path.resolve(__dirname, '../../../assets/templates');
const template = (name: string): ProjectDocument => parseDocument(fs.readFileSync(path.join(templates, `${name}.wiregrad.json`), 'utf8'));

/** Conv → BN2d → ReLU → MaxPool → Flatten → Linear → BN1d → Dropout → Linear. */
export function bnDropoutDoc(optimizer: 'sgd' | 'adam' = 'adam'): ProjectDocument {
  const opt = optimizer === 'sgd' ? { type: 'sgd', lr: 0.05, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 } : { type: 'adam', lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 };
  return chainDoc(
    [1, 8, 8],
    [
      ['Conv2d', { out_channels: 4, kernel_size: 3, padding: 1 }, 'conv'],
      ['BatchNorm2d', {}, 'bn2'],
      ['ReLU', {}, 'relu'],
      ['MaxPool2d', { kernel_size: 2 }, 'pool'],
      ['Flatten', {}, 'flat'],
      ['Linear', { out_features: 16 }, 'fc1'],
      ['BatchNorm1d', {}, 'bn1'],
      ['Dropout', { p: 0.25 }, 'drop'],
      ['Linear', { out_features: 10 }, 'fc2'],
    ],
    'CrossEntropyLoss',
    { optimizer: opt as ProjectDocument['training']['optimizer'], batch_size: 8 },
  );
}

const KINDS: ProgramKind[] = ['train', 'grad', 'eval', 'update'];
const roleList = (ports: { role: string; key?: string }[]) => ports.map((p) => (p.key ? `${p.role}:${p.key}` : p.role)).sort();

describe('program signatures', () => {
  const docs: [string, ProjectDocument][] = [
    ['mnist-mlp', template('mnist-mlp')],
    ['mnist-lenet', template('mnist-lenet')],
    ['cifar-convnet', template('cifar-convnet')],
    ['bn+dropout', bnDropoutDoc()],
  ];
  for (const [name, doc] of docs) {
    it(`${name}: inputs and outputs are exactly the signature's, and the IR validates`, () => {
      const check = checkDocument(doc);
      for (const kind of KINDS) {
        const c = buildProgram(doc, kind, 4, check);
        validateProgram(c.program);
        const inputs = c.program.inputs.map((v) => ({ name: v.name, shape: v.shape, dtype: v.dtype }));
        expect(inputs).toEqual(c.signature.inputs.map((p) => ({ name: p.name, shape: p.shape, dtype: p.dtype })));
        const outputs = c.program.outputs.map((o) => ({ name: o.name, shape: o.value.shape, dtype: o.value.dtype }));
        expect(outputs).toEqual(c.signature.outputs.map((p) => ({ name: p.name, shape: p.shape, dtype: p.dtype })));
        expect(new Set(c.signature.inputs.map((p) => p.name)).size).toBe(c.signature.inputs.length);
      }
    });
  }

  it('carries exactly the state each program updates', () => {
    const doc = bnDropoutDoc('adam');
    const check = checkDocument(doc);
    const carried = (kind: ProgramKind) => roleList(carriedPairs(buildProgram(doc, kind, 4, check).signature).map((p) => p.input));
    const opt = ['optState:exp_avg', 'optState:exp_avg_sq'];
    expect(carried('train')).toEqual(['buffers', 'params', 'step', ...opt].sort());
    expect(carried('grad')).toEqual(['buffers']);
    expect(carried('eval')).toEqual([]);
    expect(carried('update')).toEqual(['params', 'step', ...opt].sort());
  });

  it('asks for randomness only where a layer draws noise, and never in eval', () => {
    const withDropout = bnDropoutDoc();
    const check = checkDocument(withDropout);
    const inputs = (doc: ProjectDocument, kind: ProgramKind) => roleList(buildProgram(doc, kind, 4, doc === withDropout ? check : checkDocument(doc)).signature.inputs);
    expect(inputs(withDropout, 'train')).toContain('rngSeed');
    expect(inputs(withDropout, 'grad')).toEqual(expect.arrayContaining(['rngSeed', 'step']));
    expect(inputs(withDropout, 'eval')).not.toContain('rngSeed');
    expect(inputs(withDropout, 'eval')).toContain('buffers');
    const mlp = template('mnist-mlp');
    expect(inputs(mlp, 'train')).not.toContain('rngSeed');
    expect(inputs(mlp, 'grad')).toEqual(['params', 'x', 'y']);
  });

  it('the learning rate is a graph input, so schedules need no recompilation', () => {
    const doc = template('mnist-mlp');
    const c = buildProgram(doc, 'train', 4);
    const lr = c.signature.inputs.find((p) => p.role === 'lr')!;
    expect(lr).toMatchObject({ shape: [], dtype: 'float32' });
    // No node holds the configured lr as a constant.
    const constants = c.program.nodes.filter((n) => n.op === 'Constant').flatMap((n) => n.attrs.data as number[]);
    expect(constants).not.toContain(doc.training.optimizer.lr);
  });
});

describe('IR validator', () => {
  it('rejects a node that reads a value before it is defined, and a wrong declared shape', () => {
    const b = new Builder();
    const x = b.input('x', [2, 3]);
    const y = b.op1('Relu', [x]);
    b.output('y', b.op1('Neg', [y]));
    const ok = b.program();
    expect(() => validateProgram(ok)).not.toThrow();
    expect(() => validateProgram({ ...ok, nodes: [...ok.nodes].reverse() })).toThrow(/before it is defined/);
    const badShape = { ...ok, nodes: ok.nodes.map((n, i) => (i === 0 ? { ...n, outputs: [{ ...n.outputs[0], shape: [3, 2] }] } : n)) };
    expect(() => validateProgram(badShape)).toThrow(/shape rule gives/);
  });
});
