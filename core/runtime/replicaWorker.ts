/**
 * One data-parallel replica in a worker thread: its own 'grad', 'update' and 'eval'
 * sessions on its device, reading its shard of the batch from shared memory, writing its
 * gradient into its shared slot and applying the averaged gradient to its own parameters.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkDocument } from '../check/check';
import { buildProgram, inputShape, targetType, type CompiledProgram, type ProgramKind } from '../compile/programs';
import { carriedPairs, findOutput } from '../compile/signature';
import { emitModel, type StepKernels } from '../onnx/emit';
import { getOptimizer } from '../optim/index';
import { FAULT_ENV, parseFaultPlan, type FromReplica, type ReplicaInit, type ToReplica } from './replicaProtocol';
import { averageRange, partRange } from './average';
import { absorbOutputs, feedsFor, scalarOutput, type Targets } from './bind';
import { createStepSession, ort } from './session';
import type { TrainState } from './trainState';
import { numel } from '../ir/ir';

const init = workerData as ReplicaInit;
const check = checkDocument(init.doc);
const sharedParams = new Float32Array(init.params);
const sharedBuffers = new Float32Array(init.buffers);
const sharedOpt = Object.fromEntries(Object.entries(init.opt).map(([k, b]) => [k, new Float32Array(b)]));
const slots = init.grads.map((g) => new Float32Array(g));
const gradSlot = slots[init.index];
const control = new Int32Array(init.control);
const avgGrad = new Float32Array(init.avgGrad);
const target = targetType(init.doc, check);
const floatTargets = target.dtype === 'float32';
let xs = new Float32Array(init.x);
let ys: Targets = floatTargets ? new Float32Array(init.y) : new BigInt64Array(init.y);
const P = sharedParams.length;
// onnxruntime-node refuses tensors over SharedArrayBuffers ("Invalid argument"), so each run
// reads private copies: one memcpy in this thread, no structured clone through postMessage.
const state: TrainState = {
  params: Float32Array.from(sharedParams),
  buffers: Float32Array.from(sharedBuffers),
  opt: Object.fromEntries(getOptimizer(init.doc.training.optimizer).stateNames(init.doc.training.optimizer).map((k) => [k, Float32Array.from(sharedOpt[k])])),
  step: 0,
};
const localGrad = new Float32Array(P);
const shardX = new Map<number, Float32Array>();
const shardY = new Map<number, Targets>();
const fault = parseFaultPlan(process.env[FAULT_ENV]);
let gradCalls = 0;

const sessions = new Map<string, Promise<{ session: ort.InferenceSession; compiled: CompiledProgram }>>();
function session(kind: ProgramKind, batch: number) {
  const key = `${kind}:${batch}`;
  let s = sessions.get(key);
  if (!s) {
    s = (async () => {
      const compiled = buildProgram(init.doc, kind, batch, check);
      const emit = (kernels: StepKernels) => emitModel(compiled.program, { fastKernels: kind !== 'eval', ...kernels, ortOrder: true });
      return { session: await createStepSession(emit, init.session), compiled };
    })();
    sessions.set(key, s);
  }
  return s;
}

const SAMPLE = numel(inputShape(init.doc));
const TARGET = numel(target.shape);

/** This replica's shard of the shared batch, copied into private arrays ORT accepts. */
function shard(offset: number, size: number): { x: Float32Array; y: Targets } {
  let x = shardX.get(size);
  let y = shardY.get(size);
  if (!x || !y) {
    shardX.set(size, (x = new Float32Array(size * SAMPLE)));
    shardY.set(size, (y = floatTargets ? new Float32Array(size * TARGET) : new BigInt64Array(size * TARGET)));
  }
  x.set(xs.subarray(offset * SAMPLE, (offset + size) * SAMPLE));
  (y as Float32Array).set((ys as Float32Array).subarray(offset * TARGET, (offset + size) * TARGET));
  return { x, y };
}

async function handle(m: ToReplica): Promise<FromReplica | null> {
  switch (m.type) {
    case 'data':
      xs = new Float32Array(m.x);
      ys = floatTargets ? new Float32Array(m.y) : new BigInt64Array(m.y);
      return null;
    case 'prepare':
      await Promise.all(m.sizes.map((s) => session('grad', s)));
      return { type: 'done', id: m.id };
    case 'step': {
      let reply: FromReplica = { type: 'done', id: m.id };
      state.step = m.step;
      state.buffers.set(sharedBuffers);
      let nextBuffers: Float32Array | undefined;
      if (m.size > 0) {
        gradCalls++;
        if (fault && fault.replica === init.index && fault.step === gradCalls) injectFault(fault.mode);
        const { session: g, compiled } = await session('grad', m.size);
        const sig = compiled.signature;
        const out = await g.run(feedsFor(sig, state, { ...shard(m.offset, m.size), rngSeed: init.rngSeed, rngOffset: init.sharedStream ? m.offset : 0 }));
        gradSlot.set(out[findOutput(sig, 'grad')!.name].data as Float32Array);
        const buffersOut = findOutput(sig, 'buffers');
        if (buffersOut) nextBuffers = out[buffersOut.name].data as Float32Array;
        reply = { type: 'done', id: m.id, loss: scalarOutput(out, sig, 'loss'), correct: scalarOutput(out, sig, 'correct') };
      }
      arriveAndWait(GRADS_WRITTEN, m.target);
      // Every replica has copied the shared buffers for this step by now: replica 0's updated
      // buffers become everyone's (DDP's broadcast_buffers).
      if (init.index === 0 && nextBuffers) sharedBuffers.set(nextBuffers);
      // All-reduce in shared memory: this replica averages its part of the vector, then waits
      // until every part is written, so all replicas read the same average.
      const [lo, hi] = partRange(P, init.count, init.index);
      averageRange(avgGrad, m.used.map((i) => slots[i]), m.weights, lo, hi);
      arriveAndWait(AVERAGE_WRITTEN, m.target);
      const { session: s, compiled } = await session('update', 1);
      localGrad.set(avgGrad);
      const sig = compiled.signature;
      const out = await s.run(feedsFor(sig, state, { grad: localGrad, lr: m.lr }));
      absorbOutputs(carriedPairs(sig), state, out);
      sharedParams.set(state.params);
      for (const [k, v] of Object.entries(state.opt)) sharedOpt[k].set(v);
      return reply;
    }
    case 'close':
      await closeSessions();
      process.exit(0); // in a worker thread this ends the thread only
    case 'eval': {
      const { session: s, compiled } = await session('eval', m.size);
      state.buffers.set(sharedBuffers);
      const sig = compiled.signature;
      const out = await s.run(feedsFor(sig, state, { ...shard(m.offset, m.size), rngSeed: init.rngSeed }));
      const prediction = findOutput(sig, 'prediction');
      return { type: 'done', id: m.id, loss: scalarOutput(out, sig, 'loss'), correct: scalarOutput(out, sig, 'correct'), prediction: prediction ? (out[prediction.name].data as BigInt64Array) : undefined };
    }
  }
}

/** Releases every session, including ones still being created; a failed one has nothing to release. */
async function closeSessions(): Promise<void> {
  for (const s of sessions.values()) {
    try {
      await (await s).session.release();
    } catch {
      // creation failed: already reported
    }
  }
}

const AVERAGE_WRITTEN = 0;
const ABORT = 1;
const GRADS_WRITTEN = 2;

/** Barrier in shared memory: count this replica in, then wait for `target` arrivals (or an abort). */
function arriveAndWait(counter: number, target: number): void {
  Atomics.add(control, counter, 1);
  Atomics.notify(control, counter);
  for (;;) {
    const seen = Atomics.load(control, counter);
    if (seen >= target) return;
    if (Atomics.load(control, ABORT)) throw new Error('stopped while waiting for the other replicas');
    Atomics.wait(control, counter, seen, 100);
  }
}

function injectFault(mode: 'throw' | 'crash' | 'exit'): void {
  const what = `injected test failure (${FAULT_ENV}) at gradient step ${gradCalls}`;
  if (mode === 'exit') process.exit(3);
  if (mode === 'crash') setImmediate(() => { throw new Error(what); });
  else throw new Error(what);
}

// Requests are handled strictly in order: the coordinator never sends a replica a second
// request before the first is answered, but a chain keeps that true whatever it sends.
let chain: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: ToReplica) => {
  chain = chain.then(async () => {
    try {
      const reply = await handle(m);
      if (reply) parentPort!.postMessage(reply);
    } catch (e) {
      parentPort!.postMessage({ type: 'error', id: 'id' in m ? m.id : undefined, message: (e as Error).message ?? String(e) } satisfies FromReplica);
    }
  });
});

session('update', 1)
  .then(() => parentPort!.postMessage({ type: 'ready' } satisfies FromReplica))
  .catch((e: Error) => parentPort!.postMessage({ type: 'error', message: e.message } satisfies FromReplica));
