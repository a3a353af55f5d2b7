/**
 * BatchNorm conv nets train like their exported PyTorch script on plain "cpu": the ResNet-8
 * template (blocks, strided shortcuts) and a flat stem Conv2d → BatchNorm2d → ReLU →
 * AdaptiveAvgPool2d(1) → Linear, 10 SGD steps each on random CIFAR-shaped data without
 * shuffling: per-step losses within 1e-4 relative. Both cost enough FLOPs per sample that
 * plain "cpu" used to split each batch across the cores, where every replica normalised its
 * own shard by its own statistics: the losses then left the script's by 1.5e-4 (stem) and
 * 4.7e-4 (ResNet-8) from the second step on. Runs scripts/pytorch/export_parity.py on the
 * built CLI and Debian's python3-torch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { TrainingConfig } from '../../../../core/graph/document';
import { convStemDoc } from '../../../helpers/docs';
import { buildBundles } from '../../runtime/helpers';
import { expectParity, exportParity } from './exportParity';
import { pythonUnavailable, ROOT } from './python';

const why = pythonUnavailable('torch');

describe.skipIf(why !== null)('BatchNorm conv nets on plain "cpu" vs their exported PyTorch script', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-bn-parity-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ResNet-8 and a Conv-BatchNorm stem: 10 steps, losses within 1e-4', () => {
    buildBundles();
    // Small batches keep the test short; plain "cpu" used to split even 16 samples across 2 cores.
    const data: Partial<TrainingConfig> = { dataset: { kind: 'random', samples: 200, classes: 10 }, batch_size: 16, epochs: 1 };
    const resnet = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/templates/cifar-resnet8.wiregrad.json'), 'utf8'));
    resnet.training = { ...resnet.training, ...data };
    const stem = convStemDoc(true, { ...data, optimizer: resnet.training.optimizer });
    const files = [['resnet8', resnet], ['stem-bn', stem]].map(([name, doc]) => {
      const f = path.join(dir, `${name}.wiregrad.json`);
      fs.writeFileSync(f, JSON.stringify(doc));
      return f;
    });
    expectParity(exportParity('--models', files.join(','), '--steps', '10', '--ranks', '1'), 2, 10, () => false);
  }, 120_000);
});
