import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { parseDocument } from '../../../core/graph/parse';
import { cpuReplicas } from '../../../core/runtime/createExecutor';

const check = (name: string) => {
  const file = `assets/templates/${name}.wiregrad.json`;
  return checkDocument(parseDocument(fs.readFileSync(file, 'utf8'), file));
};

describe('plain "cpu" picks one session or one replica per core', () => {
  it('keeps small models in one multi-threaded session', () => {
    expect(cpuReplicas(check('mnist-mlp'), 64, 2)).toBe(1);
  });

  it('splits conv nets across the cores, one thread each', () => {
    expect(cpuReplicas(check('mnist-lenet'), 64, 2)).toBe(2);
    expect(cpuReplicas(check('cifar-convnet'), 256, 16)).toBe(8);
  });

  it('never gives a replica fewer than 8 samples, and needs 2 cores', () => {
    expect(cpuReplicas(check('cifar-convnet'), 12, 4)).toBe(1);
    expect(cpuReplicas(check('cifar-convnet'), 24, 4)).toBe(3);
    expect(cpuReplicas(check('cifar-convnet'), 64, 1)).toBe(1);
  });
});
