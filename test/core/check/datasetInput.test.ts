/** The dataset and the Input node are checked together: a mismatch is one problem on the Input with two fixes, and either clears it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { datasetInputDiagnostics } from '../../../core/check/datasetInput';
import { checkFor } from '../../../renderer/store/derived';
import { fixesOf } from '../../../core/check/diagnostics';
import type { ProjectDocument } from '../../../core/graph/document';
import { planFix } from '../../../renderer/store/fixes';
import { applyCommand } from '../../../renderer/store/commands';

const template = (id: string): ProjectDocument => JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'assets', 'templates', `${id}.wiregrad.json`), 'utf8'));
/** What the editor shows (and Train refuses on): the model's check plus the dataset against the Input. */
const mismatch = (doc: ProjectDocument) => checkFor(doc).diagnostics.filter((d) => d.code === 'DATASET_INPUT_SHAPE');

/** The course ConvNet (3×32×32) with MNIST selected. */
function convnetOnMnist(): ProjectDocument {
  const doc = template('cifar-convnet');
  return { ...doc, training: { ...doc.training, dataset: { kind: 'mnist' } } };
}

describe('dataset and Input checked together', () => {
  it('an Input of 3×32×32 with MNIST is one problem on the Input, with two fixes', () => {
    const [d] = mismatch(convnetOnMnist());
    expect(d).toMatchObject({ severity: 'error', nodeId: 'input' });
    expect(d.message).toMatch(/3×32×32.*MNIST.*1×28×28/);
    expect(fixesOf(d).map((f) => f.label)).toEqual(['set Input to 1×28×28', 'use CIFAR-10 files']);
  });

  for (const which of [0, 1]) {
    it(`fix ${which + 1} clears it in one command`, () => {
      const doc = convnetOnMnist();
      const fix = fixesOf(mismatch(doc)[0])[which];
      const fixed = applyCommand(doc, planFix(doc, fix)!.cmd);
      expect(mismatch(fixed)).toEqual([]);
    });
  }

  it('clears when the dataset changes to one that adapts (random data) or the Input changes', () => {
    const doc = convnetOnMnist();
    expect(mismatch({ ...doc, training: { ...doc.training, dataset: { kind: 'random', samples: 10, classes: 10 } } })).toEqual([]);
    expect(mismatch(applyCommand(doc, { kind: 'setParam', nodeId: 'input', param: 'shape', value: [1, 28, 28] }))).toEqual([]);
  });

  it('is not part of the model check: compiling and exporting the model does not depend on the dataset', () => {
    expect(checkDocument(convnetOnMnist()).diagnostics).toEqual([]);
    expect(datasetInputDiagnostics(convnetOnMnist())).toHaveLength(1);
  });

  it('the templates as shipped have none; an Input with no dataset of its shape offers only the reshape', () => {
    for (const id of ['mnist-mlp', 'mnist-lenet', 'cifar-convnet']) expect(mismatch(template(id))).toEqual([]);
    const odd = applyCommand(template('mnist-mlp'), { kind: 'setParam', nodeId: 'input', param: 'shape', value: [1, 20, 20] });
    expect(fixesOf(mismatch(odd)[0]).map((f) => f.label)).toEqual(['set Input to 1×28×28']);
  });
});
