/**
 * The data worker: fills the prefetch ring with the batches of epoch after epoch, waiting
 * (blocking: this thread does nothing else) for free slots, and restarting when the
 * consumer bumps the generation.
 */
import { workerData } from 'node:worker_threads';
import { numel } from '../ir/ir';
import type { Dataset } from './dataset';
import { fileStream } from './decodeCache';
import { BatchLoader } from './loader';
import { EMPTY, FULL, type PrefetchInit } from './prefetchProtocol';

const init = workerData as PrefetchInit;
const { state, control, meta } = init;
const slots = state.length;
const raw = init.dataset;
const dataset: Dataset = { ...raw, stream: raw.streamFile ? fileStream(raw.streamFile, numel(raw.sampleShape), raw.streamSlots) : undefined };
const loader = new BatchLoader({ dataset, indices: init.indices }, init.batchSize, init.opts);

function run(): void {
  for (;;) {
    const gen = Atomics.load(control, 0);
    let pos = 0;
    let restarted = false;
    for (let e = Atomics.load(control, 1); !restarted; e++) {
      for (const b of loader.epoch(e)) {
        const slot = pos % slots;
        // Wait for the consumer to free the slot, or for a restart.
        while (Atomics.load(state, slot) !== EMPTY) {
          if (Atomics.load(control, 0) !== gen) break;
          Atomics.wait(state, slot, FULL, 200);
        }
        if (Atomics.load(control, 0) !== gen) {
          restarted = true;
          break;
        }
        init.x[slot].set(b.x);
        (init.y[slot] as Float32Array).set(b.y as Float32Array);
        init.slotIndices[slot].set(b.indices);
        meta[3 * slot] = gen;
        meta[3 * slot + 1] = e;
        meta[3 * slot + 2] = b.size;
        Atomics.store(state, slot, FULL);
        Atomics.notify(state, slot);
        pos++;
      }
    }
  }
}

run();
