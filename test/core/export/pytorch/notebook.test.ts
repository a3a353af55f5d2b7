/**
 * The exported notebook runs top to bottom under Jupyter (nbconvert --execute), trains a
 * few steps (WIREGRAD_STEPS) and draws the loss plot. Bounded by the kernel's start and
 * torch's import (seconds on a quiet machine), not by training.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPyTorch } from '../../../../core/export/pytorch/index';
import { NOTEBOOK_STEPS_ENV } from '../../../../core/export/pytorch/notebook';
import { parseDocument } from '../../../../core/graph/parse';
import { python, pythonUnavailable, ROOT } from './python';

function template(name: string) {
  const file = path.join(ROOT, `assets/templates/${name}.wiregrad.json`);
  return parseDocument(fs.readFileSync(file, 'utf8'), file);
}

interface Notebook {
  nbformat: number;
  cells: { cell_type: string; source: string[]; outputs?: { output_type: string; name?: string; text?: string[]; data?: Record<string, unknown> }[] }[];
}

describe('notebook export', () => {
  it('is nbformat 4 with the sections as titled cells, ending in the run and the loss plot', () => {
    const files = exportPyTorch(template('mnist-lenet'), { as: 'notebook', fileName: 'lenet.ipynb' });
    expect(files.map((f) => f.name)).toEqual(['lenet.weights.bin', 'lenet.weights.json', 'lenet.ipynb']);
    const nb = JSON.parse(files[2].data as string) as Notebook;
    expect(nb.nbformat).toBe(4);
    const titles = nb.cells.filter((c) => c.cell_type === 'markdown').map((c) => c.source[0].trim());
    expect(titles).toEqual(['# MNIST LeNet-5', '## Setup', '## Settings', '## Model', '## Weights', '## Data', '## Optimizer', '## Training', '## Run', '## Loss curve']);
    const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
    expect(code.some((c) => c.includes('class MnistLeNet5(nn.Module):'))).toBe(true);
    expect(code.at(-1)).toContain('plt.show()');
    expect(code.join('\n')).not.toContain('def main(');
  });

  const why = pythonUnavailable('torch', 'notebook');
  it.skipIf(why !== null)('executes top to bottom with jupyter nbconvert --execute (MLP, 5 steps)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-notebook-'));
    try {
      for (const f of exportPyTorch(template('mnist-mlp'), { as: 'notebook', fileName: 'mlp.ipynb' })) fs.writeFileSync(path.join(dir, f.name), f.data);
      const t0 = performance.now();
      const r = python(['-m', 'nbconvert', '--to', 'notebook', '--execute', 'mlp.ipynb', '--output', 'ran.ipynb', '--ExecutePreprocessor.timeout=300'], { cwd: dir, env: { [NOTEBOOK_STEPS_ENV]: '5' }, timeout: 320_000 });
      console.log(`notebook executed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      expect(r.code, r.output).toBe(0);
      const ran = JSON.parse(fs.readFileSync(path.join(dir, 'ran.ipynb'), 'utf8')) as Notebook;
      const outputs = ran.cells.flatMap((c) => c.outputs ?? []);
      expect(outputs.filter((o) => o.output_type === 'error')).toEqual([]);
      const printed = outputs.flatMap((o) => o.text ?? []).join('');
      expect(printed).toMatch(/epoch 1\/1: train loss \d\.\d+ \| test loss \d\.\d+, accuracy \d+\.\d+%/);
      expect(outputs.some((o) => o.data && 'image/png' in o.data)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 330_000);
});
