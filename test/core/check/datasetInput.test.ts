/**
 * The dataset and the Input node are checked together: a mismatch is one problem on the
 * Input with two fixes, and either clears it. Every way to train refuses it before a worker
 * starts, with the same message naming the Input: the editor, the API, `wiregrad train`/`check`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackend } from '../api/fakes';
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
    expect(d.message).toMatch(/^Input input gives 3×32×32 samples but MNIST's are 1×28×28/);
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

describe('refused before training, with the same message naming the Input', () => {
  const root = join(__dirname, '..', '..', '..');
  const message = () => mismatch(convnetOnMnist())[0].message;
  let tmp: string;
  let file: string;
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'wiregrad.js'), ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });

  beforeAll(() => {
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
    expect(b.status, b.stderr).toBe(0);
    tmp = mkdtempSync(join(tmpdir(), 'wiregrad-data-input-'));
    file = join(tmp, 'convnet-on-mnist.wiregrad.json');
    writeFileSync(file, JSON.stringify(convnetOnMnist()));
  }, 120_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('by `wiregrad train`: exit 1 at once, nothing trained', () => {
    const t0 = Date.now();
    const r = cli('train', file, '--steps', '1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`DATASET_INPUT_SHAPE at input (Input): ${message()}`);
    expect(r.stderr).not.toMatch(/training .* parameters|step 1/);
    expect(r.stderr).not.toContain('    at ');
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('by `wiregrad check`: exit 1 with the problem and its fix; --json lists it on the Input', () => {
    const r = cli('check', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`error DATASET_INPUT_SHAPE at input (Input): ${message()}`);
    expect(r.stdout).toContain('fix: set Input to 1×28×28');
    const j = cli('check', file, '--json');
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout).diagnostics).toEqual([expect.objectContaining({ code: 'DATASET_INPUT_SHAPE', nodeId: 'input', message: message() })]);
    expect(cli('check', join(root, 'assets', 'templates', 'cifar-convnet.wiregrad.json')).status).toBe(0);
  });

  it('by the API: startTraining rejects with DATASET_INPUT_SHAPE on the Input and no run starts', async () => {
    const t = makeBackend();
    try {
      await expect(t.backend.startTraining(convnetOnMnist())).rejects.toMatchObject({ code: 'DATASET_INPUT_SHAPE', nodeId: 'input', message: message() });
      expect(t.trainer.starts).toBe(0);
      await t.backend.startTraining(template('cifar-convnet'), { steps: 1 });
      expect(t.trainer.starts).toBe(1);
    } finally {
      await t.cleanup();
    }
  });
});
