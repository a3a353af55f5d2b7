import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';
import { cpuReplicas } from '../../../core/runtime/createExecutor';
import { convStemDoc } from '../../helpers/docs';

const template = (name: string) => {
  const file = `assets/templates/${name}.wiregrad.json`;
  return parseDocument(fs.readFileSync(file, 'utf8'), file);
};
const replicas = (doc: ProjectDocument, batch: number, cores: number) => cpuReplicas(doc, checkDocument(doc), batch, cores);

describe('plain "cpu" picks one session or one replica per core', () => {
  it('keeps small models in one multi-threaded session', () => {
    expect(replicas(template('mnist-mlp'), 64, 2)).toBe(1);
  });

  it('splits conv nets across the cores, one thread each', () => {
    expect(replicas(template('mnist-lenet'), 64, 2)).toBe(2);
    expect(replicas(template('cifar-convnet'), 256, 16)).toBe(8);
  });

  it('never gives a replica fewer than 8 samples, and needs 2 cores', () => {
    expect(replicas(template('cifar-convnet'), 12, 4)).toBe(1);
    expect(replicas(template('cifar-convnet'), 24, 4)).toBe(3);
    expect(replicas(template('cifar-convnet'), 64, 1)).toBe(1);
  });

  it('keeps models with BatchNorm in one session: replicas would normalise each shard by its own statistics', () => {
    const resnet = template('cifar-resnet8');
    expect(checkDocument(resnet).totalFlops).toBeGreaterThan(5e5);
    expect(replicas(resnet, 64, 2)).toBe(1);
    expect(replicas(resnet, 256, 16)).toBe(1);
    // The same stem without its BatchNorm is split as any conv net is.
    expect(replicas(convStemDoc(true), 64, 2)).toBe(1);
    expect(replicas(convStemDoc(false), 64, 2)).toBe(2);
  });
});
