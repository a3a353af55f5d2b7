import fs from 'node:fs';
import { defaultOptimizer, type OptimizerConfig, type ProjectDocument } from '../graph/document';
import type { DoneEvent, TrainEvent } from '../train/events';
import { startTrainingRun } from '../train/host';
import { intFlag, numberFlag, parseArgs, stringFlag, UsageError, type ParsedArgs } from './args';
import { parseDeviceSpec } from '../runtime/deviceSpec';
import { requireCuda } from '../runtime/cuda';
import { ProgressView } from './progress';
import { prepareRunOutputs, RUN_OUTPUT_FLAGS, RUN_OUTPUT_USAGE } from './runOutputs';
import { metricsLine } from '../runs/record';
import { applyDataFlags, DATA_FLAGS, DATA_USAGE } from './dataFlags';
import { requireMemory } from '../check/memory';
import { availableMemoryBytes } from '../devices/memory';
import { checkOutputPath, CliError, loadProject, requireValid, writeFileAtomic } from './project';

export const TRAIN_USAGE = `Usage: wiregrad train <project> [--epochs N] [--steps N] [--batch-size N]
       [--optimizer sgd|adam|adamw] [--lr X] [--seed N] [--no-shuffle] [--device cpu]
       [--steps-per-run K] [--metrics file.jsonl] [--export model.onnx] [--json]
       [--data PATH] [--label-column NAME] [--test-split F]
       [--logdir DIR] [--checkpoints DIR] [--resume FILE] [--fresh] [--no-save-weights]
  --device: cpu | cpu:N (N data-parallel replicas) | cuda:0 | cuda:0,1 | cuda:all
  --steps-per-run: training steps fused into one ONNX Runtime run, or auto (default:
                   timed from the first steps; ~100 ms runs on a GPU)
${DATA_USAGE}
${RUN_OUTPUT_USAGE}`;

const FLAGS = {
  epochs: { value: true },
  steps: { value: true },
  'batch-size': { value: true },
  optimizer: { value: true },
  lr: { value: true },
  seed: { value: true },
  'no-shuffle': { value: false },
  device: { value: true },
  'steps-per-run': { value: true },
  metrics: { value: true },
  export: { value: true },
  json: { value: false },
  ...DATA_FLAGS,
  ...RUN_OUTPUT_FLAGS,
};

/** Applies command-line overrides to the project's training section (the file is not changed). */
export function applyTrainingFlags(doc: ProjectDocument, args: ParsedArgs): ProjectDocument {
  const t = { ...doc.training };
  t.epochs = intFlag(args, 'epochs') ?? t.epochs;
  t.batch_size = intFlag(args, 'batch-size') ?? t.batch_size;
  t.seed = intFlag(args, 'seed', 0) ?? t.seed;
  if (args.flags.has('no-shuffle')) t.shuffle = false;
  const opt = stringFlag(args, 'optimizer');
  if (opt !== undefined) {
    if (opt !== 'sgd' && opt !== 'adam' && opt !== 'adamw') throw new UsageError(`--optimizer must be sgd, adam or adamw, got "${opt}"`);
    t.optimizer = opt === t.optimizer.type ? t.optimizer : defaultOptimizer(opt);
  }
  const lr = numberFlag(args, 'lr');
  if (lr !== undefined) t.optimizer = { ...t.optimizer, lr } as OptimizerConfig;
  // The file's device was checked by the parser (a project-file error); only the flag is a usage error.
  const device = stringFlag(args, 'device');
  if (device !== undefined) {
    try {
      parseDeviceSpec(device);
    } catch (e) {
      throw new UsageError(`--device: ${(e as Error).message}`);
    }
    t.device = device;
  }
  // "cpu" (automatic) and "cpu:1" must stay distinct; only case and spaces are normalised.
  t.device = t.device.trim().toLowerCase();
  return applyDataFlags({ ...doc, training: t }, args);
}

export async function runTrain(argv: string[]): Promise<number> {
  // Node's boot and loading the CLI bundle, for the --json summary's phases.
  const startupSec = process.uptime();
  const args = parseArgs(argv, FLAGS);
  const metricsPath = stringFlag(args, 'metrics');
  const exportPath = stringFlag(args, 'export');
  const steps = intFlag(args, 'steps');
  const stepsPerRun = stepsPerRunFlag(args);
  const projectPath = args.positional[0];
  const doc = applyTrainingFlags(loadProject(projectPath), args);
  // The dataset (after --data flags) against the Input too: a mismatch is refused now, naming the Input, not at the first batch.
  const check = requireValid(doc, { training: true });
  // A model that cannot fit is refused now, with the estimate, not after it has filled the memory.
  requireMemory(doc, check, availableMemoryBytes());
  // Output paths are checked before training: a typo must not cost the run.
  if (exportPath) checkOutputPath(exportPath, '--export');
  if (metricsPath) checkOutputPath(metricsPath, '--metrics');
  // Refuse a CUDA device before starting anything, with the plain message (never the CPU instead).
  if (parseDeviceSpec(doc.training.device).kind === 'cuda') {
    try {
      await requireCuda(doc.training.device);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  let metrics: number | undefined;
  try {
    metrics = metricsPath ? fs.openSync(metricsPath, 'w') : undefined;
  } catch (e) {
    throw new CliError(`cannot write --metrics ${metricsPath}: ${(e as Error).message}`);
  }
  // Starts from the project's weights file (an import, earlier training) unless --fresh or --resume.
  const outputs = await prepareRunOutputs(projectPath!, doc, args, argv);
  const view = new ProgressView();
  const launchedSec = process.uptime();
  let startedSec = launchedSec;
  const onEvent = (e: TrainEvent) => {
    if (e.kind === 'start') startedSec = process.uptime();
    view.handle(e);
    outputs.recorder?.handle(e);
    if (metrics !== undefined && (e.kind === 'step' || e.kind === 'epoch')) fs.writeSync(metrics, metricsLine(e) + '\n');
  };
  const run = startTrainingRun(doc, { onEvent, steps, stepsPerRun, ...outputs.start });
  const onSignal = () => {
    process.stderr.write('\nstopping after the current step…\n');
    run.stop();
  };
  process.once('SIGINT', onSignal);
  try {
    let result: Awaited<typeof run.finished>;
    try {
      result = await run.finished;
    } catch (e) {
      await outputs.finish(null, e as Error);
      throw e;
    }
    await outputs.finish(result);
    if (exportPath) {
      // Loaded only here: the ONNX encoder is not needed to train (the training thread has its own).
      const { exportInferenceModel } = await import('../onnx/export');
      await writeFileAtomic(exportPath, exportInferenceModel(doc, { params: result.state.params, buffers: result.state.buffers, data: result.done.data }), '--export');
      process.stderr.write(`exported ${exportPath}\n`);
    }
    if (args.flags.has('json')) {
      const d = result.done;
      const phases = runPhases(d, startupSec, launchedSec, startedSec);
      const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      process.stdout.write(JSON.stringify({ kind: 'summary', reason: d.reason, steps: d.steps, epochs: d.epochs, test_loss: d.test_loss ?? null, test_accuracy: d.test_accuracy ?? null, class_names: d.test?.classNames ?? null, samples_per_s: d.samples_per_s, elapsed_s: d.elapsedSec, wall_s: process.uptime(), cpu_s: cpuSeconds(), peak_rss_mb: peakRssMb, phases }) + '\n');
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    if (metrics !== undefined) fs.closeSync(metrics);
  }
}

/**
 * The trainer's phases plus what only the CLI sees: start-up (Node and the bundle, until
 * runTrain), the CLI's own checks, and the training thread's start (spawn, loading its bundle
 * and ONNX Runtime: the time to the start event not spent in the trainer's phases before it).
 */
function runPhases(d: DoneEvent, startupSec: number, launchedSec: number, startedSec: number): Record<string, number> {
  const p: Record<string, number> = { ...(d.phases ?? {}) };
  const beforeStart = ['check', 'data', 'compile', 'loaders', 'session'].reduce((s, k) => s + (p[k] ?? 0), 0);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { startup: round(startupSec), cli: round(launchedSec - startupSec), worker: round(Math.max(0, startedSec - launchedSec - beforeStart)), ...p };
}

/** CPU time of the whole process, all threads: a figure other load on the machine disturbs far less than wall time. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 1000) / 1000;
}

function stepsPerRunFlag(args: ParsedArgs): number | 'auto' {
  return stringFlag(args, 'steps-per-run') === 'auto' ? 'auto' : (intFlag(args, 'steps-per-run') ?? 'auto');
}


