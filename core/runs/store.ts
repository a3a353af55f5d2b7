/**
 * Reading and managing recorded runs (the runs panel's backend): list a runs/ folder, read a
 * run's curves, rename, delete, export its metrics as CSV. Run ids come from the renderer,
 * so they are checked against RUN_ID_PATTERN and must name a folder holding a run.json.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite } from '../api/fsutil';
import { METRICS_FILE, RUN_FILE, RUN_FORMAT, type EpochPoint, type RunDetails, type RunListItem, type RunRecord, type StepPoint } from './record';
import { RUN_ID_PATTERN } from './runId';

export class RunNotFound extends Error {
  readonly code = 'NOT_FOUND';
}

function runDir(root: string, id: string): string {
  if (!RUN_ID_PATTERN.test(id)) throw new RunNotFound(`"${id}" is not a run id`);
  return join(root, id);
}

async function readRecord(dir: string): Promise<RunRecord | null> {
  try {
    const r = JSON.parse(await fs.readFile(join(dir, RUN_FILE), 'utf8')) as RunRecord;
    return r?.format === RUN_FORMAT ? r : null;
  } catch {
    return null; // not a run folder, or one being written: the list skips it
  }
}

/** The runs in `root` (a runs/ folder), newest first; those of `project` only when given. */
export async function listRuns(root: string, project?: string): Promise<RunListItem[]> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch {
    return [];
  }
  const out: RunListItem[] = [];
  for (const name of names.filter((n) => RUN_ID_PATTERN.test(n))) {
    const r = await readRecord(join(root, name));
    if (!r || (project && r.project && r.project !== project)) continue;
    const { document: _d, ...item } = r;
    out.push(item);
  }
  return out.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

async function requireRecord(root: string, id: string): Promise<RunRecord> {
  const r = await readRecord(runDir(root, id));
  if (!r) throw new RunNotFound(`No run "${id}" in ${root}`);
  return r;
}

export async function readRun(root: string, id: string): Promise<RunDetails> {
  const record = await requireRecord(root, id);
  let text = '';
  try {
    text = await fs.readFile(join(runDir(root, id), METRICS_FILE), 'utf8');
  } catch {
    // a run that failed before its first step has no metrics yet
  }
  const steps: StepPoint[] = [];
  const epochs: EpochPoint[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line);
    } catch {
      continue; // a line cut short by a crash
    }
    if (m.kind === 'step') steps.push({ step: m.step as number, epoch: m.epoch as number, loss: m.loss as number, accuracy: m.accuracy as number | undefined, lr: m.lr as number | undefined });
    else if (m.kind === 'epoch') {
      const { kind: _k, elapsedSec: _e, ...e } = m;
      epochs.push(e as unknown as EpochPoint);
    }
  }
  return { record, steps, epochs };
}

export async function renameRun(root: string, id: string, name: string): Promise<RunRecord> {
  const record = await requireRecord(root, id);
  record.name = name.trim() || id;
  await atomicWrite(join(runDir(root, id), RUN_FILE), JSON.stringify(record, null, 1) + '\n');
  return record;
}

export async function deleteRun(root: string, id: string): Promise<void> {
  await requireRecord(root, id); // only folders that are runs
  await fs.rm(runDir(root, id), { recursive: true, force: true });
}

const STEP_COLUMNS = ['step', 'epoch', 'loss', 'accuracy', 'lr'] as const;
const EPOCH_COLUMNS = ['train_loss', 'train_accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy'] as const;

/** One row per step; the epoch metrics on the epoch's last step. */
export async function runMetricsCsv(root: string, id: string): Promise<string> {
  const { steps, epochs } = await readRun(root, id);
  const byStep = new Map(epochs.map((e) => [e.step, e]));
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const rows = [[...STEP_COLUMNS, ...EPOCH_COLUMNS].join(',')];
  for (const s of steps) {
    const e = byStep.get(s.step);
    rows.push([...STEP_COLUMNS.map((c) => cell(s[c])), ...EPOCH_COLUMNS.map((c) => cell(e?.[c]))].join(','));
  }
  return rows.join('\n') + '\n';
}
