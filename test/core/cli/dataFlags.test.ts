/** `wiregrad train --data PATH --label-column NAME --test-split F`: the user's own data from the command line. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableMlp } from '../data/projects';
import { writeColourFolders } from '../data/helpers/imageFolders';

const root = path.resolve(__dirname, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wg-cli-data-'));
const project = path.join(tmp, 'wine.wiregrad.json');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), 'train', ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000, env: { ...process.env, WIREGRAD_CACHE_DIR: path.join(tmp, 'cache') } });
}

beforeAll(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
  const doc = tableMlp(13, 3);
  doc.training = { ...doc.training, epochs: 20, optimizer: { type: 'adam', lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 } };
  fs.writeFileSync(project, JSON.stringify(doc));
  fs.copyFileSync(path.join(root, 'test/fixtures/data/wine.csv'), path.join(tmp, 'wine.csv'));
}, 120_000);

describe('train --data', () => {
  it('trains on a CSV given on the command line, with its held-out fraction and class names in the summary', () => {
    const r = cli(project, '--data', 'wine.csv', '--label-column', 'cultivar', '--test-split', '0.25', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/training [\d,]+ parameters on cpu: 133 samples \(45 test\)/);
    expect(r.stderr).toMatch(/classes: 0 class_0, 1 class_1, 2 class_2/);
    expect(r.stderr).toMatch(/per class: class_0 [\d.]+%, class_1/);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(summary.class_names).toEqual(['class_0', 'class_1', 'class_2']);
    expect(summary.test_accuracy).toBeGreaterThan(0.85);
  });

  it('refuses what does not fit, in one line each', () => {
    const missing = cli(project, '--data', 'nope.csv');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--data nope\.csv: no such file or folder/);
    const col = cli(project, '--data', 'wine.csv', '--label-column', 'colour');
    expect(col.status).toBe(1);
    expect(col.stderr).toMatch(/wine\.csv: no label column "colour" \(columns: alcohol/);
    expect(col.stderr).not.toMatch(/\n\s+at /);
    const split = cli(project, '--data', 'wine.csv', '--test-split', '1.5');
    expect(split.status).toBe(2);
    expect(split.stderr).toMatch(/--test-split must be a fraction in \[0, 1\), got "1\.5"/);
  });

  it('recognises an image folder, and refuses options that do not apply to it', async () => {
    await writeColourFolders(path.join(tmp, 'pics'), { a: { count: 2, rgb: [1, 2, 3] } });
    const r = cli(project, '--data', 'pics', '--label-column', 'x');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--label-column applies to CSV tables, but the dataset is Image folder/);
    const shape = cli(project, '--data', 'pics');
    expect(shape.status).toBe(1);
    expect(shape.stderr).toMatch(/pics: images become 1 \(grey\) or 3 \(RGB\) channels/);
  });
});
