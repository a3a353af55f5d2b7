/**
 * `wiregrad check` through blocks, as a user runs it (the built CLI): instances with their
 * inner layers indented under them, and a shape error inside an instance reported on the
 * instance with the inner node named.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../../core/graph/parse';
import { buildBundles, root } from '../runtime/helpers';
import { convNetWithBlocks } from './docs';

const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

beforeAll(() => buildBundles(), 120_000);

describe('wiregrad check with blocks', () => {
  it('prints each instance with its inner layers indented under it', () => {
    const r = cli('check', path.join(root, 'assets/templates/cifar-resnet8.wiregrad.json'));
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('res2 '));
    expect(lines[at]).toMatch(/^res2\s+DownBlock\s+out: N×32×16×16\s+14\.5k/);
    expect(lines[at + 1]).toMatch(/^ {2}conv1\s+Conv2d\s+out: N×32×16×16\s+4608/);
    expect(lines.slice(at + 1, at + 10).every((l) => l.startsWith('  '))).toBe(true);
    expect(r.stdout).toMatch(/total: 78\.0k parameters/);
  });

  it('reports a shape error inside an instance on the instance, naming the inner layer', () => {
    const doc = convNetWithBlocks();
    doc.blocks!.CustomLayer.nodes[0].params = { in_channels: 3 };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-blocks-cli-')), 'broken.wiregrad.json');
    fs.writeFileSync(file, serializeDocument(doc));
    const r = cli('check', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/c1.*conv \(inside c1\): Conv2d receives 1 channels, not 3/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
