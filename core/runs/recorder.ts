import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { atomicWrite } from '../api/fsutil';
import type { ProjectDocument } from '../graph/document';
import { graphKey } from '../project/graphKey';
import type { TrainEvent } from '../train/events';
import { CHECKPOINTS_DIR, METRICS_FILE, metricsLine, RUN_FILE, RUN_FORMAT, type RunRecord, type RunStatus } from './record';
import { newRunId } from './runId';
import { TensorBoardWriter } from './tensorboard/writer';

/** runs/ beside the project file. */
export function runsDirFor(projectPath: string): string {
  return join(dirname(projectPath), 'runs');
}

export interface RecorderOptions {
  project?: string;
  id?: string;
  resumedFrom?: string;
  origin?: string;
}

/**
 * Records one run into its folder as the events arrive: run.json at the start and the end,
 * metrics.jsonl and the TensorBoard event file line by line (buffered, flushed per epoch).
 */
export class RunRecorder {
  readonly id: string;
  readonly dir: string;
  readonly checkpointsDir: string;
  private record: RunRecord;
  private metricsFd: number;
  private lines: string[] = [];
  private tb: TensorBoardWriter;
  private finished = false;

  private constructor(root: string, doc: ProjectDocument, o: RecorderOptions) {
    this.id = o.id ?? newRunId();
    this.dir = join(root, this.id);
    this.checkpointsDir = join(this.dir, CHECKPOINTS_DIR);
    mkdirSync(this.checkpointsDir, { recursive: true });
    this.record = {
      format: RUN_FORMAT, version: 1, id: this.id, name: this.id, ...(o.project ? { project: basename(o.project) } : {}),
      created_at: new Date().toISOString(), status: 'running', graph: graphKey(doc), training: doc.training, document: doc,
      ...(o.resumedFrom ? { resumed_from: o.resumedFrom } : {}), ...(o.origin ? { origin: o.origin } : {}),
    };
    this.metricsFd = openSync(join(this.dir, METRICS_FILE), 'a');
    this.tb = new TensorBoardWriter(this.dir);
  }

  static async create(root: string, doc: ProjectDocument, o: RecorderOptions = {}): Promise<RunRecorder> {
    const r = new RunRecorder(root, doc, o);
    await r.save();
    return r;
  }

  /** The same, synchronously (the API registers a run and its folder in one step). */
  static openSync(root: string, doc: ProjectDocument, o: RecorderOptions = {}): RunRecorder {
    const r = new RunRecorder(root, doc, o);
    writeFileSync(join(r.dir, RUN_FILE), JSON.stringify(r.record, null, 1) + '\n');
    return r;
  }

  private save(): Promise<number> {
    return atomicWrite(join(this.dir, RUN_FILE), JSON.stringify(this.record, null, 1) + '\n');
  }

  private flushLines(): void {
    if (!this.lines.length) return;
    writeSync(this.metricsFd, this.lines.join('\n') + '\n');
    this.lines = [];
  }

  handle(e: TrainEvent): void {
    if (this.finished) return;
    const line = metricsLine(e);
    if (line) this.lines.push(line);
    this.tb.handle(e);
    if (e.kind === 'epoch' || this.lines.length > 2000) this.flushLines();
  }

  /** Writes the summary and closes the files; the run folder is complete afterwards. */
  async finish(e: Extract<TrainEvent, { kind: 'done' } | { kind: 'error' }> | { kind: 'error'; message: string }): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.flushLines();
    closeSync(this.metricsFd);
    this.tb.close();
    this.record.finished_at = new Date().toISOString();
    if (e.kind === 'done') {
      this.record.status = e.reason as RunStatus;
      this.record.summary = {
        steps: e.steps, epochs: e.epochs, ...(e.best ? { best: e.best } : {}), test_accuracy: e.test_accuracy, test_loss: e.test_loss,
        elapsed_s: e.elapsedSec, samples_per_s: e.samples_per_s,
      };
    } else {
      this.record.status = 'error';
      this.record.summary = { steps: 0, epochs: 0, error: e.message };
    }
    await this.save();
  }
}
