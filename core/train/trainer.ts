import { checkDocument } from '../check/check';
import { availableMemoryBytes } from '../devices/memory';
import { initBuffers, initParams } from '../compile/paramLayout';
import { buildProgram, inputShape } from '../compile/programs';
import { getOptimizer } from '../optim/index';
import { numel } from '../ir/ir';
import { cloneTrainState, initialTrainState, type TrainState } from '../runtime/trainState';
import { graphKey } from '../project/graphKey';
import type { Checkpoint } from './checkpoint';
import { BestTracker, EarlyStopping } from './earlyStopping';
import { BatchLoader, splitTrainValidation, type DataSource, type DataSubset } from '../data/loader';
import { activationsPerSample, requireMemory } from '../check/memory';
import { evalBatchSize } from './evalBatch';
import { resolveDataset } from '../data/loaders';
import { resolveNormalization } from '../data/normalization';
import { dataRequest } from '../data/request';
import { PrefetchLoader, type BatchSource } from '../data/prefetch';
import { workerScript } from './host';
import { RunSchedule } from './runSchedule';
import type { ProjectDocument } from '../graph/document';
import { CompileError } from '../ir/errors';
import { createExecutor } from '../runtime/createExecutor';
import type { TrainExecutor } from '../runtime/executor';
import { BlockBuffer } from './blocks';
import type { SessionOptions } from '../runtime/session';
import type { DoneEvent, EvaluationResult, TrainEvent } from './events';
import { PhaseClock } from './phases';

export interface TrainOptions {
  onEvent?: (e: TrainEvent) => void;
  /** Stop after this many optimizer steps in total (across epochs). */
  maxSteps?: number;
  /** Returns true when the user asked to stop; checked between steps. */
  shouldStop?: () => boolean;
  /** Start from these parameters instead of the seeded initialisation. */
  initialParams?: Float32Array;
  /** Start from these buffers (BatchNorm statistics) instead of their initial values ("continue training"). */
  initialBuffers?: Float32Array;
  /** Start from this whole state (parameters, buffers, optimizer state, step). */
  initialState?: TrainState;
  /** Continue a checkpointed run exactly: its state, epoch, RNG seed, schedule, early stopping and best metric. */
  resume?: Checkpoint;
  /** After every completed epoch, with everything a checkpoint holds (awaited before training goes on). */
  onEpochEnd?: (e: EpochSnapshot) => void | Promise<void>;
  /** Learning rate for the step with this 0-based index (schedules); default: the optimizer's lr. */
  learningRate?: (step: number) => number;
  session?: SessionOptions;
  /** Evaluate on the test split after every epoch (default true). */
  evaluateEachEpoch?: boolean;
  /**
   * Training steps fused into one ORT run (ONNX Loop). 'auto' (default) times the first steps
   * and picks K so a run lasts ~100 ms on a GPU (host↔device copies are the cost there) or
   * ~20 ms on the CPU (where fusing gains little), capped so progress stays fluid.
   */
  stepsPerRun?: number | 'auto';
  /** Make training batches in a data worker thread (default true). */
  prefetch?: boolean;
}

export interface EpochSnapshot {
  checkpoint: Checkpoint;
  /** This epoch is the best so far by training.best_metric. */
  isBest: boolean;
}

export interface TrainResult {
  done: DoneEvent;
  /** Everything the run carried at its end: parameters, buffers, optimizer state, step. */
  state: TrainState;
}

/**
 * The training loop: epochs of seeded batches, one fused ORT step per batch, validation and
 * test evaluation per epoch, progress events, cancellation between steps. The project
 * document is only read, so a failed or stopped run leaves it intact.
 */
export async function train(doc: ProjectDocument, opts: TrainOptions = {}): Promise<TrainResult> {
  const phases = new PhaseClock();
  const onEvent = opts.onEvent ?? (() => {});
  const emit = (e: TrainEvent): void => {
    const t = performance.now();
    onEvent(e);
    phases.add('events', performance.now() - t);
  };
  let mark = performance.now();
  /** Charges the time since the last lap to a phase. */
  /** Ends phase `name` now; returns its milliseconds. */
  const lap = (name: Parameters<PhaseClock['add']>[0]): number => {
    const now = performance.now();
    const ms = now - mark;
    phases.add(name, ms);
    mark = now;
    return ms;
  };
  const resume = opts.resume;
  // A resumed run draws from the checkpoint's seed (shuffling, augmentation, Dropout): see ./checkpoint.ts.
  if (resume) doc = { ...doc, training: { ...doc.training, seed: resume.rng.seed } };
  const check = checkDocument(doc);
  requireMemory(doc, check, availableMemoryBytes());
  lap('check');
  const cfg = doc.training;
  const shape = inputShape(doc);
  const data = await resolveDataset(cfg.dataset, dataRequest(doc, check));
  lap('data');
  const inputNode = doc.nodes.find((n) => n.type === 'Input')!;
  if (data.train.sampleShape.join() !== shape.join()) {
    throw new CompileError('DATA_SHAPE', `The dataset's samples are ${data.train.sampleShape.join('×')} but the Input node expects ${shape.join('×')}; set Input's shape to [${data.train.sampleShape.join(', ')}]`, inputNode.id);
  }
  // Compiled once here, also as a last check of the graph before any worker starts.
  const compiledEval = buildProgram(doc, 'eval', 1, check);
  const logits = logitsWidth(doc, check);
  if (compiledEval.classification && logits < data.train.classes) {
    throw new CompileError('DATA_CLASSES', `The dataset has ${data.train.classes} classes but the model outputs ${logits} scores; set the last layer's out_features to ${data.train.classes}`, check.lossNodes[0]);
  }
  lap('compile');

  let trainSource: DataSource = data.train;
  let validation: DataSubset | undefined;
  if (cfg.validation_split > 0) {
    const split = splitTrainValidation(data.train, cfg.validation_split);
    trainSource = split.train;
    validation = split.validation;
  }
  // Statistics for "compute" come from the training split only, and are reused for validation and test.
  const normalize = resolveNormalization(cfg.normalize, cfg.dataset.kind, trainSource);
  const loaderOpts = { seed: cfg.seed, normalize, augment: cfg.augment };
  // Training batches are made ahead in a data worker, so a step never waits for its batch, when
  // making one is real work (augmentation, samples streamed from disk). Plain in-memory samples
  // are cheaper to convert in this thread than to hand over from another (measured on MNIST:
  // a third less CPU time per epoch), and the cores stay with ONNX Runtime.
  const inThread = new BatchLoader(trainSource, cfg.batch_size, { ...loaderOpts, shuffle: cfg.shuffle });
  const prefetch = opts.prefetch ?? (!!inThread.dataset.stream || inThread.transform.augments);
  const trainLoader: BatchSource = !prefetch
    ? inThread
    : new PrefetchLoader(trainSource, cfg.batch_size, { ...loaderOpts, shuffle: cfg.shuffle }, workerScript('data-worker.cjs'));
  const plain = { ...loaderOpts, shuffle: false, augment: null };
  const perSample = activationsPerSample(check);
  const valLoader = validation ? new BatchLoader(validation, evalBatchSize(validation.indices.length, cfg.batch_size, perSample), plain) : undefined;
  const testLoader = data.test ? new BatchLoader(data.test, evalBatchSize(data.test.count, cfg.batch_size, perSample), plain) : undefined;
  lap('loaders');

  const layout = compiledEval.layout;
  const optKeys = getOptimizer(cfg.optimizer).stateNames(cfg.optimizer);
  if (resume && optKeys.join() !== Object.keys(resume.state.opt).join()) {
    throw new CompileError('RESUME_OPTIMIZER', `The checkpoint holds ${Object.keys(resume.state.opt).join(', ') || 'no'} optimizer state but ${cfg.optimizer.type} needs ${optKeys.join(', ') || 'none'}; resume with the optimizer settings it was saved with`);
  }
  const initial = resume
    ? cloneTrainState(resume.state)
    : (opts.initialState ??
      initialTrainState(
        opts.initialParams ? new Float32Array(opts.initialParams) : initParams(layout, cfg.seed),
        opts.initialBuffers ? new Float32Array(opts.initialBuffers) : initBuffers(compiledEval.buffers),
        optKeys,
      ));
  const target = { size: numel(compiledEval.target.shape), float: compiledEval.target.dtype === 'float32' };
  const runner = await createExecutor(doc, check, initial, opts.session);
  const stepsPerEpoch = trainLoader.stepsPerEpoch;
  const totalSteps = Math.min(stepsPerEpoch * cfg.epochs, opts.maxSteps ?? Infinity);
  const epochs = Math.ceil(totalSteps / stepsPerEpoch);
  const schedule = new RunSchedule(cfg, { epochs, stepsPerEpoch, totalSteps });
  const best = new BestTracker(cfg.best_metric ?? 'val_loss');
  const early = cfg.early_stopping ? new EarlyStopping(cfg.early_stopping) : null;
  const firstEpoch = (resume?.epoch ?? 0) + 1;
  if (resume) {
    schedule.load(resume.schedule);
    best.load(resume.best);
    early?.load(resume.earlyStopping);
  }
  // The lr of each step is asked ahead (a block of fused steps) and again when the step is
  // reported; the schedule only moves forward, so the reported value is remembered here.
  const lrs = new Map<number, number>();
  const lrAt = (s: number): number => {
    let lr = lrs.get(s);
    if (lr === undefined) lrs.set(s, (lr = opts.learningRate ? opts.learningRate(s) : schedule.lrAt(s)));
    return lr;
  };
  const autoK = (opts.stepsPerRun ?? 'auto') === 'auto' && runner.fusesSteps;
  let k = typeof opts.stepsPerRun === 'number' && runner.fusesSteps ? Math.max(1, Math.min(opts.stepsPerRun, stepsPerEpoch)) : 1;
  await runner.prepare(cfg.batch_size, k);
  const sessionMs = lap('session');
  const probe: number[] = [];
  emit({
    kind: 'start', epochs, stepsPerEpoch, totalSteps, batchSize: cfg.batch_size, trainSamples: trainLoader.count,
    validationSamples: valLoader?.count ?? 0, testSamples: testLoader?.count ?? 0, device: runner.deviceLabel, parameters: layout.total,
    normalize, classNames: data.train.classNames, dataWarnings: data.warnings, ...(resume ? { firstEpoch } : {}),
  });

  const t0 = performance.now();
  let lastYield = t0;
  let step = initial.step;
  let samples = 0;
  let stopped = false;
  let earlyStopped = false;
  let lastLr: number | undefined;
  let lastEval: EvaluationResult | undefined;
  try {
    for (let epoch = firstEpoch; epoch <= epochs && !stopped && !earlyStopped; epoch++) {
      let lossSum = 0;
      let correctSum = 0;
      let seen = 0;
      // The step limit (--steps) ended this epoch before its last batch: no checkpoint then,
      // since a checkpoint stands for a whole epoch and a resume starts at the next one.
      let cutShort = false;
      const epochStart = performance.now();
      // Full batches are gathered into blocks of k and run as one fused Loop; the short last
      // batch of an epoch and a partial block run step by step with the single-step session.
      let block = new BlockBuffer(k, cfg.batch_size, trainLoader.sampleSize, target);
      const flush = async (): Promise<void> => {
        const runs = block.count === k ? [block.block()] : block.singles();
        for (const r of runs) {
          const started = performance.now();
          const results = await runner.trainSteps(r, cfg.batch_size);
          phases.add('steps', performance.now() - started);
          if (autoK && probe.length < AUTO_PROBE_STEPS) probe.push(performance.now() - started);
          for (const res of results) record(res, cfg.batch_size);
        }
        block.clear();
        if (autoK && k === 1 && probe.length === AUTO_PROBE_STEPS) {
          probe.push(Infinity); // decide once
          const chosen = chooseStepsPerRun(probe.slice(0, AUTO_PROBE_STEPS), runner.deviceLabel, stepsPerEpoch, { sessionMs, remainingSteps: totalSteps - step });
          if (chosen > 1) {
            await phases.time('loopSession', () => runner.prepare(cfg.batch_size, chosen));
            k = chosen;
            block = new BlockBuffer(k, cfg.batch_size, trainLoader.sampleSize, target);
          }
        }
      };
      const record = (r: { loss: number; correct: number }, size: number) => {
        if (!Number.isFinite(r.loss)) {
          throw new CompileError('TRAIN_DIVERGED', `The loss became ${r.loss} at step ${step + 1}; lower the learning rate`);
        }
        const lr = lrAt(step);
        lrs.delete(step);
        lastLr = lr;
        step++;
        samples += size;
        seen += size;
        lossSum += r.loss * size;
        correctSum += r.correct;
        const elapsed = (performance.now() - t0) / 1000;
        emit({
          kind: 'step', step, epoch, loss: r.loss, accuracy: Number.isNaN(r.correct) ? undefined : r.correct / size, lr,
          samplesPerSec: samples / elapsed, elapsedSec: elapsed, etaSec: (elapsed / step) * (totalSteps - step),
        });
      };
      let next = performance.now();
      for await (const batch of trainLoader.epoch(epoch - 1)) {
        phases.add('batching', performance.now() - next);
        // ORT runs synchronously, so without a turn of the event loop now and then a process
        // runner would never see its 'stop' message (./worker.ts).
        if (performance.now() - lastYield > YIELD_MS) {
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
        if (step + block.count >= totalSteps || opts.shouldStop?.()) {
          stopped = step + block.count < totalSteps;
          cutShort = true;
          break;
        }
        if (batch.size === cfg.batch_size) {
          const t = performance.now();
          block.add(batch.x, batch.y, lrAt(step + block.count));
          phases.add('batching', performance.now() - t);
          if (block.count === k) await flush();
        } else {
          await flush();
          // The short last batch has its own session, built on first use.
          const t = performance.now();
          const r = await runner.trainSteps({ xs: batch.x, ys: batch.y, lrs: Float32Array.of(lrAt(step)), k: 1 }, batch.size);
          phases.add('steps', performance.now() - t);
          record(r[0], batch.size);
        }
        next = performance.now();
      }
      await flush();
      if (seen === 0) break;
      const val = valLoader && !stopped ? await phases.time('eval', () => evaluate(runner, valLoader)) : undefined;
      const test = testLoader && !stopped && (opts.evaluateEachEpoch ?? true) ? await phases.time('eval', () => evaluate(runner, testLoader)) : undefined;
      if (test) lastEval = test;
      const metrics = { train_loss: lossSum / seen, train_accuracy: Number.isNaN(correctSum) ? undefined : correctSum / seen, val_loss: val?.loss, val_accuracy: val?.accuracy };
      if (!stopped) schedule.endEpoch(metrics);
      emit({
        kind: 'epoch', epoch, step, ...metrics, test_loss: test?.loss, test_accuracy: test?.accuracy, lr: lastLr,
        samples_per_s: seen / ((performance.now() - epochStart) / 1000), elapsedSec: (performance.now() - t0) / 1000,
        // Always present (0 when batches are made in this thread), so metrics records keep one shape.
        data_wait_s: (trainLoader.waitMs?.[epoch - 1] ?? 0) / 1000,
      });
      if (stopped) break;
      const isBest = best.observe(epoch, metrics);
      earlyStopped = early?.observe(epoch, metrics) ?? false;
      if (opts.onEpochEnd && !cutShort) {
        const checkpoint: Checkpoint = {
          state: cloneTrainState(runner.state), epoch, rng: { seed: cfg.seed }, schedule: schedule.state(), earlyStopping: early?.state() ?? null,
          best: best.state(), graph: graphKey(doc), metrics: { ...metrics, test_loss: test?.loss, test_accuracy: test?.accuracy },
        };
        await opts.onEpochEnd({ checkpoint, isBest });
      }
    }
    if (testLoader && (!lastEval || stopped)) lastEval = await phases.time('eval', () => evaluate(runner, testLoader));
    const elapsedSec = (performance.now() - t0) / 1000;
    const done: DoneEvent = {
      kind: 'done', reason: earlyStopped ? 'early_stopped' : stopped ? 'stopped' : 'completed',
      ...(best.best !== null ? { best: { metric: best.metric, value: best.best, epoch: best.bestEpoch } } : {}), steps: step, epochs: Math.ceil(step / stepsPerEpoch),
      test_loss: lastEval?.loss, test_accuracy: lastEval?.accuracy, samples_per_s: samples / elapsedSec, elapsedSec, test: lastEval, data: { normalize, ...(data.train.classNames ? { classNames: data.train.classNames } : {}) },
      phases: phases.seconds(),
    };
    emit(done);
    return { done, state: runner.state };
  } finally {
    trainLoader.close?.();
    await runner.release();
  }
}

const AUTO_PROBE_STEPS = 5;
/** How often the training loop lets the event loop run (messages, timers). */
const YIELD_MS = 50;

/**
 * What a run of the session costs on the CPU beyond its steps' work (feeds, fetches, ORT's
 * per-run setup), which fusing K steps pays once instead of K times. Measured on the MNIST
 * MLP at batch 64 (2 cores): 0.62–0.68 ms a step unfused against 0.50–0.60 ms at K = 10.
 */
export const CPU_RUN_OVERHEAD_MS = 0.1;

/**
 * K for a run of ~100 ms on a GPU (≤ 64) or ~20 ms on the CPU (≤ 10), from timed single steps:
 * the fastest of them, since other work on the machine only ever makes a step slower (with the
 * median, a busy machine made the MLP run unfused, K = 1, which costs it ~1.5x the CPU time).
 * On the CPU, `cost` keeps a run unfused when building the K-step Loop session (at least as
 * long as the single-step session took, `sessionMs`; ORT's passes over a Loop body grow faster
 * than the body) would take longer than fusing can save over the steps left: a 500-layer chain
 * on 2,048 samples spent 0.39 s of its 1.4-s run building a Loop that saved milliseconds.
 */
export function chooseStepsPerRun(stepMs: number[], device: string, stepsPerEpoch: number, cost?: { sessionMs: number; remainingSteps: number }): number {
  const fastest = Math.min(...stepMs);
  const gpu = device.startsWith('cuda');
  const [target, cap] = gpu ? [100, 64] : [20, 10];
  const k = Math.max(1, Math.min(cap, stepsPerEpoch, Math.floor(target / Math.max(fastest, 1e-3))));
  if (!gpu && cost && k > 1 && cost.remainingSteps * CPU_RUN_OVERHEAD_MS * (1 - 1 / k) < cost.sessionMs) return 1;
  return k;
}

async function evaluate(runner: TrainExecutor, loader: BatchLoader): Promise<EvaluationResult> {
  let loss = 0;
  let correct = 0;
  const predictions = new Int32Array(loader.count);
  const labels = new Int32Array(loader.count);
  let k = 0;
  let classes = loader.dataset.classes;
  for await (const batch of loader.epoch(0)) {
    const r = await runner.evaluate(batch.x, batch.y, batch.size);
    loss += r.loss * batch.size;
    correct += r.correct;
    for (let i = 0; i < batch.size; i++, k++) {
      labels[k] = Number(batch.y[i]);
      predictions[k] = r.prediction ? Number(r.prediction[i]) : -1;
      classes = Math.max(classes, predictions[k] + 1);
    }
  }
  const n = loader.count;
  const result: EvaluationResult = { loss: loss / n };
  if (!Number.isNaN(correct)) {
    result.accuracy = correct / n;
    const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    for (let i = 0; i < n; i++) confusion[labels[i]][predictions[i]]++;
    Object.assign(result, { confusion, predictions, labels, ...(loader.dataset.classNames ? { classNames: loader.dataset.classNames } : {}) });
  }
  return result;
}

function logitsWidth(doc: ProjectDocument, check: ReturnType<typeof checkDocument>): number {
  const lossId = check.lossNodes[0];
  const edge = doc.edges.find((e) => e.to.node === lossId && e.to.port === 'input');
  const t = edge ? check.edges[edge.id] : null;
  return t && t.shape.length === 1 ? t.shape[0] : 0;
}
