/**
 * Test doubles for the backend's core dependencies: the real document parser and
 * serializer (pure and fast), a scripted trainer (a real MNIST run takes minutes), a
 * recognisable fake exporter and a tiny dataset.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBackend, type Backend, type NativeDialogs } from '../../../core/api/backend';
import type { CoreDeps, TrainingHandle } from '../../../core/api/deps';
import { parseDocument, serializeDocument } from '../../../core/graph/parse';
import type { DoneEvent, TrainEvent } from '../../../core/train/events';

export const REPO = resolve(__dirname, '..', '..', '..');

export interface FakeTrainer {
  /** Steps emitted per run unless opts.steps says otherwise. */
  defaultSteps: number;
  stepMs: number;
  starts: number;
}

export function fakeDeps(trainer: FakeTrainer = { defaultSteps: 5, stepMs: 5, starts: 0 }): CoreDeps {
  return {
    parseDocument,
    serializeDocument,
    exportInferenceModel(doc, opts) {
      // Bytes that say what went in, so tests can tell trained from initial weights.
      const meta = { name: doc.name, seed: opts.seed, weights: opts.weights ? [...opts.weights.keys()] : null };
      return new TextEncoder().encode(`FAKEONNX${JSON.stringify(meta)}`);
    },
    startTrainingRun(_doc, opts): TrainingHandle {
      trainer.starts++;
      const total = opts.steps ?? trainer.defaultSteps;
      let stopped = false;
      let step = 0;
      const emit = (e: TrainEvent) => opts.onEvent(e);
      const finished = new Promise<{ done: DoneEvent; weights: Map<string, Float32Array> }>((resolveRun) => {
        emit({ kind: 'start', epochs: 1, stepsPerEpoch: total, totalSteps: total, batchSize: 4, trainSamples: 4 * total, validationSamples: 0, testSamples: 3, device: 'cpu', parameters: 2 });
        const tick = () => {
          if (stopped || step >= total) {
            const done: DoneEvent = {
              kind: 'done',
              reason: stopped ? 'stopped' : 'completed',
              steps: step,
              epochs: 1,
              samples_per_s: 100,
              elapsedSec: 0.1,
              test_accuracy: 0.5,
              test: { loss: 1, accuracy: 0.5, predictions: new Int32Array([1, 0, 2]), labels: new Int32Array([1, 1, 2]) },
            };
            emit(done);
            resolveRun({ done, weights: new Map([['n1.weight', new Float32Array([step, 1])]]) });
            return;
          }
          step++;
          emit({ kind: 'step', step, epoch: 1, loss: 1 / step, accuracy: 0.5, samplesPerSec: 100, elapsedSec: step / 100, etaSec: (total - step) / 100 });
          setTimeout(tick, trainer.stepMs);
        };
        setTimeout(tick, trainer.stepMs);
      });
      return {
        stop: () => {
          stopped = true;
        },
        finished,
      };
    },
    async loadData() {
      const split = (count: number) => ({
        name: 'fake',
        count,
        sampleShape: [1, 2, 2],
        classes: 3,
        images: new Uint8Array(count * 4).map((_, i) => (i * 7) % 256),
        labels: Int32Array.from({ length: count }, (_, i) => i % 3),
      });
      return { train: split(10), test: split(5), warnings: [] };
    },
  };
}

export interface TestBackend {
  backend: Backend;
  home: string;
  dir: string;
  trainer: FakeTrainer;
  cleanup(): Promise<void>;
}

export function makeBackend(opts: { shell?: 'web' | 'electron'; dialogs?: NativeDialogs; trainer?: FakeTrainer; workDir?: string; availableMemory?: () => number } = {}): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), 'wiregrad-api-'));
  const home = join(dir, 'home');
  const trainer = opts.trainer ?? { defaultSteps: 5, stepMs: 5, starts: 0 };
  const backend = createBackend({
    home,
    templatesDir: join(REPO, 'assets', 'templates'),
    deps: fakeDeps(trainer),
    shell: opts.shell ?? 'web',
    version: '0.0.0-test',
    dialogs: opts.dialogs,
    workDir: opts.workDir,
    availableMemory: opts.availableMemory,
  });
  return {
    backend,
    home,
    dir,
    trainer,
    async cleanup() {
      await backend.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
