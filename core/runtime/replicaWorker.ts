/**
 * One data-parallel replica in a worker thread: its own 'grad', 'update' and 'eval'
 * sessions on its device, reading its shard of the batch from shared memory, writing its
 * gradient into its shared slot and applying the averaged gradient to its own parameters.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkDocument } from '../check/check';
import { buildProgram, inputShape, type CompiledProgram, type ProgramKind } from '../compile/programs';
import { emitModel } from '../onnx/emit';
import { getOptimizer } from '../optim/index';
import { FAULT_ENV, parseFaultPlan, type FromReplica, type ReplicaInit, type ToReplica } from './replicaProtocol';
import { averageRange, partRange } from './average';
import { createSession, ort } from './session';
import { numel } from '../ir/ir';

const init = workerData as ReplicaInit;
const check = checkDocument(init.doc);
const sharedParams = new Float32Array(init.params);
const slots = init.grads.map((g) => new Float32Array(g));
const gradSlot = slots[init.index];
const control = new Int32Array(init.control);
const avgGrad = new Float32Array(init.avgGrad);
let xs = new Float32Array(init.x);
let ys = new BigInt64Array(init.y);
const P = sharedParams.length;
// onnxruntime-node refuses tensors over SharedArrayBuffers ("Invalid argument"), so each run
// reads private copies: one memcpy in this thread, no structured clone through postMessage.
let params: Float32Array = Float32Array.from(sharedParams);
const localGrad = new Float32Array(P);
const stateNames = getOptimizer(init.doc.training.optimizer).stateNames(init.doc.training.optimizer);
const state: Float32Array[] = stateNames.map(() => new Float32Array(P));
const shardX = new Map<number, Float32Array>();
const shardY = new Map<number, BigInt64Array>();
const fault = parseFaultPlan(process.env[FAULT_ENV]);
let gradCalls = 0;

const sessions = new Map<string, Promise<{ session: ort.InferenceSession; compiled: CompiledProgram }>>();
function session(kind: ProgramKind, batch: number) {
  const key = `${kind}:${batch}`;
  let s = sessions.get(key);
  if (!s) {
    s = (async () => {
      const compiled = buildProgram(init.doc, kind, batch, check);
      return { session: await createSession(emitModel(compiled.program), init.session), compiled };
    })();
    sessions.set(key, s);
  }
  return s;
}

const SAMPLE = numel(inputShape(init.doc));

function dataFeeds(c: CompiledProgram, offset: number, size: number): Record<string, ort.Tensor> {
  let x = shardX.get(size);
  let y = shardY.get(size);
  if (!x || !y) {
    shardX.set(size, (x = new Float32Array(size * SAMPLE)));
    shardY.set(size, (y = new BigInt64Array(size)));
  }
  x.set(xs.subarray(offset * SAMPLE, (offset + size) * SAMPLE));
  y.set(ys.subarray(offset, offset + size));
  return {
    params: new ort.Tensor('float32', params, [P]),
    x: new ort.Tensor('float32', x, [size, ...c.sampleShape]),
    y: new ort.Tensor('int64', y, [size]),
  };
}

const scalar = (t: ort.Tensor | undefined) => (t ? Number((t.data as Float32Array)[0]) : NaN);

async function handle(m: ToReplica): Promise<FromReplica | null> {
  switch (m.type) {
    case 'data':
      xs = new Float32Array(m.x);
      ys = new BigInt64Array(m.y);
      return null;
    case 'prepare':
      await Promise.all(m.sizes.map((s) => session('grad', s)));
      return { type: 'done', id: m.id };
    case 'step': {
      let reply: FromReplica = { type: 'done', id: m.id };
      if (m.size > 0) {
        gradCalls++;
        if (fault && fault.replica === init.index && fault.step === gradCalls) injectFault(fault.mode);
        const { session: g, compiled } = await session('grad', m.size);
        const out = await g.run(dataFeeds(compiled, m.offset, m.size));
        gradSlot.set(out.grad.data as Float32Array);
        reply = { type: 'done', id: m.id, loss: scalar(out.loss), correct: scalar(out.correct) };
      }
      arriveAndWait(GRADS_WRITTEN, m.target);
      // All-reduce in shared memory: this replica averages its part of the vector, then waits
      // until every part is written, so all replicas read the same average.
      const [lo, hi] = partRange(P, init.count, init.index);
      averageRange(avgGrad, m.used.map((i) => slots[i]), m.weights, lo, hi);
      arriveAndWait(AVERAGE_WRITTEN, m.target);
      const { session: s, compiled } = await session('update', 1);
      localGrad.set(avgGrad);
      const feeds: Record<string, ort.Tensor> = {
        params: new ort.Tensor('float32', params, [P]),
        grad: new ort.Tensor('float32', localGrad, [P]),
        step: new ort.Tensor('float32', new Float32Array([m.step]), []),
      };
      compiled.stateNames.forEach((n, i) => (feeds[`state.${n}`] = new ort.Tensor('float32', state[i], [P])));
      const out = await s.run(feeds);
      params = out.params_out.data as Float32Array;
      sharedParams.set(params);
      compiled.stateNames.forEach((n, i) => (state[i] = out[`state_out.${n}`].data as Float32Array));
      return reply;
    }
    case 'close':
      await closeSessions();
      process.exit(0); // in a worker thread this ends the thread only
    case 'eval': {
      const { session: s, compiled } = await session('eval', m.size);
      const out = await s.run(dataFeeds(compiled, m.offset, m.size));
      return { type: 'done', id: m.id, loss: scalar(out.loss), correct: scalar(out.correct), prediction: out.prediction?.data as BigInt64Array | undefined };
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
