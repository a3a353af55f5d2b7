/**
 * Learning-rate schedules against PyTorch 1.13's schedulers: the lr of each of 200 optimizer
 * steps, for every registered schedule (several configurations each, SequentialLR chains and
 * ReduceLROnPlateau on a metric sequence with plateaus). The reference is computed by
 * scripts/pytorch/schedules.py; its output is recorded in test/fixtures/schedules so the test
 * also runs without Python, and when Python with torch is there the recording is checked
 * against a fresh run (WIREGRAD_RECORD=1 rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScheduler, scheduleDefs, scheduleSchema, type ScheduleConfig } from '../../../core/optim/schedules/index';
import { RunSchedule } from '../../../core/train/runSchedule';
import { defaultOptimizer } from '../../../core/graph/document';
import { python, pythonUnavailable, ROOT } from '../export/pytorch/python';
import { validateTraining } from '../../../core/graph/trainingConfig';

const CALLS = 200;
const FIXTURE = path.join(ROOT, 'test/fixtures/schedules/pytorch-lrs.json');

/** A validation loss with plateaus and a late improvement, so ReduceLROnPlateau reduces, cools down and resets. */
const metrics = Array.from({ length: CALLS }, (_, i) => (i < 30 ? 1 / (1 + i) : i < 120 ? 0.04 + 0.001 * Math.sin(i) : 0.03 - i * 1e-5));

const raw: Record<string, Record<string, unknown>> = {
  step: { type: 'StepLR', step_size: 30, gamma: 0.5 },
  multistep: { type: 'MultiStepLR', milestones: [20, 60, 60, 150], gamma: 0.3 },
  exponential: { type: 'ExponentialLR', gamma: 0.98 },
  cosine: { type: 'CosineAnnealingLR', T_max: 200 },
  cosineRestart: { type: 'CosineAnnealingLR', T_max: 45, eta_min: 0.001 },
  cosineAuto: { type: 'CosineAnnealingLR', eta_min: 0.0005 },
  onecycle: { type: 'OneCycleLR', max_lr: 0.5 },
  onecycleLinear3: { type: 'OneCycleLR', max_lr: 0.2, total_steps: 210, anneal_strategy: 'linear', three_phase: true, pct_start: 0.25 },
  linear: { type: 'LinearLR', start_factor: 0.1, total_iters: 20 },
  linearDown: { type: 'LinearLR', start_factor: 1, end_factor: 0.05, total_iters: 150 },
  warmupCosine: { type: 'SequentialLR', milestones: [10], schedulers: [{ type: 'LinearLR', start_factor: 0.01, total_iters: 10 }, { type: 'CosineAnnealingLR', T_max: 190 }] },
  warmupStepExp: {
    type: 'SequentialLR',
    milestones: [10, 100],
    schedulers: [{ type: 'LinearLR', start_factor: 0.25, total_iters: 10 }, { type: 'StepLR', step_size: 25, gamma: 0.5 }, { type: 'ExponentialLR', gamma: 0.97 }],
  },
  plateau: { type: 'ReduceLROnPlateau', patience: 5, factor: 0.5, cooldown: 3, min_lr: 0.0002 },
  plateauAbsMax: { type: 'ReduceLROnPlateau', mode: 'max', threshold_mode: 'abs', threshold: 0.001, patience: 3 },
};

const cases = Object.entries(raw).map(([name, r]) => {
  const schedule = scheduleSchema.parse({ interval: r.type === 'ReduceLROnPlateau' ? 'epoch' : 'step', ...r }) as ScheduleConfig;
  return { name, schedule, lr: 0.1, calls: CALLS, units: CALLS, metrics: name === 'plateauAbsMax' ? metrics.map((m) => -m) : metrics };
});

function wiregradLrs(c: (typeof cases)[number]): number[] {
  const group = { lr: c.lr };
  const s = createScheduler(c.schedule, group, c.units);
  const lrs: number[] = [];
  for (let i = 0; i < c.calls; i++) {
    lrs.push(group.lr);
    s.step(c.metrics[i]);
  }
  return lrs;
}

function relDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(Math.abs(b[i]), 1e-30)));
}

describe('learning-rate schedules equal PyTorch 1.13', () => {
  const missing = pythonUnavailable('torch');
  let reference: Record<string, number[]>;
  if (!missing) {
    const r = python([path.join(ROOT, 'scripts/pytorch/schedules.py')], { input: JSON.stringify(cases) });
    if (r.code !== 0) throw new Error(r.output);
    reference = JSON.parse(r.stdout);
    if (process.env.WIREGRAD_RECORD) writeFileSync(FIXTURE, JSON.stringify(reference) + '\n');
  } else reference = JSON.parse(readFileSync(FIXTURE, 'utf8'));

  it('covers every registered schedule', () => {
    const covered = new Set(cases.flatMap((c) => [c.schedule.type, ...((c.schedule.schedulers as ScheduleConfig[] | undefined) ?? []).map((s) => s.type)]));
    expect(scheduleDefs().map((d) => d.type).filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c]))('%s: lr of 200 steps', (_name, c) => {
    const ours = wiregradLrs(c);
    const theirs = reference[c.name];
    expect(theirs).toHaveLength(CALLS);
    const diff = relDiff(ours, theirs);
    console.log(`${c.name}: max relative lr difference vs PyTorch ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-12);
  });

  it('the recording matches a fresh PyTorch run', () => {
    const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, number[]>;
    for (const c of cases) expect(relDiff(recorded[c.name], reference[c.name]), c.name).toBeLessThan(1e-15);
  });
});

describe('RunSchedule (what the trainer asks)', () => {
  const optimizer = { ...defaultOptimizer('sgd'), lr: 0.1 };
  const length = { epochs: 4, stepsPerEpoch: 5, totalSteps: 20 };

  it('epoch interval: constant within an epoch, stepped at its end', () => {
    const s = new RunSchedule({ optimizer, schedule: scheduleSchema.parse({ type: 'StepLR', step_size: 1, gamma: 0.5 }) as ScheduleConfig }, length);
    const lrs: number[] = [];
    for (let e = 0; e < 3; e++) {
      for (let i = 0; i < 5; i++) lrs.push(s.lrAt(e * 5 + i));
      s.endEpoch({ train_loss: 1 });
    }
    expect(lrs).toEqual([...Array(5).fill(0.1), ...Array(5).fill(0.05), ...Array(5).fill(0.025)]);
  });

  it('step interval with "auto" length: the cosine reaches eta_min at the last step; state() resumes exactly', () => {
    const cfg = scheduleSchema.parse({ type: 'CosineAnnealingLR', interval: 'step' }) as ScheduleConfig;
    const a = new RunSchedule({ optimizer, schedule: cfg }, length);
    const all = Array.from({ length: 20 }, (_, i) => a.lrAt(i));
    expect(all[0]).toBe(0.1);
    expect(all[19]).toBeCloseTo(0.1 * (1 + Math.cos((Math.PI * 19) / 20)) / 2, 12);
    const b = new RunSchedule({ optimizer, schedule: cfg }, length);
    for (let i = 0; i < 10; i++) b.lrAt(i);
    const saved = JSON.parse(JSON.stringify(b.state()));
    const c = new RunSchedule({ optimizer, schedule: cfg }, length);
    c.load(saved);
    expect(Array.from({ length: 10 }, (_, i) => c.lrAt(10 + i))).toEqual(all.slice(10));
  });

  it('no schedule: the optimizer lr every step', () => {
    const s = new RunSchedule({ optimizer }, length);
    expect([s.lrAt(0), s.lrAt(19)]).toEqual([0.1, 0.1]);
  });
});

describe('training.schedule validation', () => {
  const err = (v: unknown) => {
    const r = scheduleSchema.safeParse(v);
    return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };
  it('names the field and the fix', () => {
    expect(err({ type: 'StepLR', step_size: 0 })).toMatch(/step_size: must be an integer ≥ 1/);
    expect(err({ type: 'Cosine' })).toMatch(/"type" one of "StepLR"/);
    expect(err({ type: 'ReduceLROnPlateau', interval: 'step' })).toMatch(/interval: must be "epoch"/);
    expect(err({ type: 'SequentialLR', milestones: [5, 9], schedulers: [{ type: 'LinearLR' }, { type: 'StepLR' }] })).toMatch(/milestones must have 1 entry/);
    expect(err({ type: 'SequentialLR', milestones: [5], schedulers: [{ type: 'LinearLR' }, { type: 'ReduceLROnPlateau' }] })).toMatch(/schedulers\.1/);
    expect(err({ type: 'StepLR' })).toBeNull();
  });
  it('in the project file: training.schedule, with defaults filled and the path named', () => {
    expect(() => validateTraining({ schedule: { type: 'StepLR', gamma: 'x' } })).toThrow(/training\.schedule\.gamma must be a number/);
    expect(validateTraining({ schedule: { type: 'StepLR' } }).schedule).toEqual({ type: 'StepLR', interval: 'epoch', step_size: 10, gamma: 0.1 });
    expect(validateTraining({}).schedule).toBeUndefined();
    expect(() => validateTraining({ clip_grad_norm: 0 })).toThrow(/training\.clip_grad_norm must be a number > 0/);
  });
});
