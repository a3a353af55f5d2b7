/**
 * What `wiregrad train` keeps of a run besides the console: the run folder (runs/ beside the
 * project, or --logdir) with metrics, TensorBoard events and checkpoints; the project's
 * weights file; and, with --resume / --continue, what the run starts from.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { weightsPathFor } from '../project/weightsFile';
import { packageRoot } from '../api/server/serve';
import type { ProjectDocument } from '../graph/document';
import { loadProjectWeights, saveProjectWeights } from '../project/projectWeights';
import { RunRecorder, runsDirFor } from '../runs/recorder';
import { readCheckpoint, type Checkpoint } from '../train/checkpoint';
import type { TrainingRunOptions, TrainingRunResult } from '../train/host';
import { stringFlag, type ParsedArgs } from './args';
import { CliError } from './project';

export const RUN_OUTPUT_FLAGS = {
  logdir: { value: true },
  checkpoints: { value: true },
  resume: { value: true },
  fresh: { value: false },
  'no-save-weights': { value: false },
} as const;

export const RUN_OUTPUT_USAGE = `  --logdir DIR: record the run in DIR/<run id>/ (config, metrics.jsonl, TensorBoard events,
                checkpoints); default: runs/ beside the project
  --checkpoints DIR: keep last.wiregrad.ckpt and best.wiregrad.ckpt in DIR (default: the run folder)
  --resume FILE: continue a checkpoint exactly (set --epochs to the total wanted)
  --fresh: start from the seeded initialisation, not from the project's weights file
          (<project>.wiregrad.weights: imported or earlier trained weights, used when they fit)
  --no-save-weights: do not write the trained weights beside the project`;

/** Bundled templates are read-only examples: no weights file or runs folder is written beside them. */
function isBundledTemplate(projectPath: string): boolean {
  const templates = path.join(packageRoot(), 'assets', 'templates');
  return path.resolve(projectPath).startsWith(templates + path.sep);
}

export interface RunOutputs {
  recorder?: RunRecorder;
  start: Pick<TrainingRunOptions, 'resume' | 'checkpointDir' | 'initialParams' | 'initialBuffers'>;
  finish(result: TrainingRunResult | null, error?: Error): Promise<void>;
}

export async function prepareRunOutputs(projectPath: string, doc: ProjectDocument, args: ParsedArgs, argv: string[]): Promise<RunOutputs> {
  const template = isBundledTemplate(projectPath);
  const logdir = stringFlag(args, 'logdir');
  const saveWeights = !args.flags.has('no-save-weights') && !template;
  const resumeFile = stringFlag(args, 'resume');
  let resume: Checkpoint | undefined;
  if (resumeFile) {
    try {
      resume = await readCheckpoint(resumeFile, doc);
    } catch (e) {
      throw new CliError(`--resume: ${(e as Error).message}`);
    }
    if (resume.epoch >= doc.training.epochs) throw new CliError(`--resume: ${resumeFile} has already trained ${resume.epoch} epoch(s); pass --epochs N with N > ${resume.epoch}`);
  }
  const start: RunOutputs['start'] = { resume };
  if (!resume && !args.flags.has('fresh') && existsSync(weightsPathFor(projectPath))) {
    const w = await loadProjectWeights(projectPath, doc).catch((e: Error) => ({ ok: false as const, reason: e.message }));
    if (w.ok) {
      start.initialParams = w.weights.params;
      start.initialBuffers = w.weights.buffers;
      process.stderr.write(`starting from the weights in ${w.weights.file} (--fresh for the seeded initialisation)\n`);
    } else process.stderr.write(`not starting from the saved weights: ${w.reason}\n`);
  }
  const root = logdir ?? (template ? undefined : runsDirFor(projectPath));
  let recorder: RunRecorder | undefined;
  try {
    recorder = root ? await RunRecorder.create(root, doc, { project: projectPath, resumedFrom: resumeFile, origin: `wiregrad train ${argv.join(' ')}` }) : undefined;
  } catch (e) {
    throw new CliError(`cannot record the run in ${root}: ${(e as Error).message}`);
  }
  start.checkpointDir = stringFlag(args, 'checkpoints') ?? recorder?.checkpointsDir;
  return {
    recorder,
    start,
    async finish(result, error) {
      if (recorder) await recorder.finish(result ? result.done : { kind: 'error', message: error?.message ?? 'failed' });
      if (result && saveWeights) {
        const file = await saveProjectWeights(projectPath, doc, result.state, { runId: recorder?.id, data: result.done.data });
        process.stderr.write(`saved weights ${file}\n`);
      }
      if (recorder) process.stderr.write(`run recorded in ${recorder.dir}\n`);
    },
  };
}
