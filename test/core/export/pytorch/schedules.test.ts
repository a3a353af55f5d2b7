/**
 * Learning-rate schedules and gradient clipping in the exported script: training.schedule
 * becomes torch.optim.lr_scheduler (read off the schedule registry, so every registered
 * schedule has its form), stepped when Wiregrad steps it; the script's learning rates equal
 * Wiregrad's schedulers', and its losses `wiregrad train`'s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPyTorch } from '../../../../core/export/pytorch/index';
import type { ProjectDocument } from '../../../../core/graph/document';
import { createScheduler, defaultSchedule, scheduleDefs, type ScheduleConfig } from '../../../../core/optim/schedules/index';
import { buildBundles } from '../../runtime/helpers';
import { tableMlp } from '../../data/projects';
import { expectParity, exportParity } from './exportParity';
import { python, pythonUnavailable } from './python';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-export-schedules-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An MLP on Wiregrad's random data (96 samples of 8 features, 4 classes) with this schedule. */
function project(name: string, schedule: ScheduleConfig | null, training: Partial<ProjectDocument['training']> = {}): ProjectDocument {
  const doc = tableMlp(8, 4, { hidden: 12 });
  doc.name = name;
  doc.training = { ...doc.training, dataset: { kind: 'random', samples: 96, classes: 4 }, batch_size: 16, epochs: 4, schedule, ...training };
  return doc;
}

function script(doc: ProjectDocument): string {
  return exportPyTorch(doc, { as: 'script', fileName: 'model.py' }).find((f) => f.name === 'model.py')!.data as string;
}

const chainable = scheduleDefs().filter((d) => !d.needsMetric).map((d) => d.type);

describe('schedules in the exported script', () => {
  it('spells each schedule as torch.optim.lr_scheduler with its fields, "auto" lengths as the run length', () => {
    expect(script(project('step', { ...defaultSchedule('StepLR'), step_size: 2, gamma: 0.5 }))).toContain(
      'SCHEDULE_INTERVAL = "epoch"  # scheduler.step() after every epoch',
    );
    expect(script(project('step', { ...defaultSchedule('StepLR'), step_size: 2, gamma: 0.5 }))).toContain('return torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)');
    expect(script(project('cycle', defaultSchedule('OneCycleLR')))).toContain(
      'torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=units, pct_start=0.3, anneal_strategy="cos", div_factor=25.0, final_div_factor=10000.0, three_phase=False, cycle_momentum=False)',
    );
    expect(script(project('seq', defaultSchedule('SequentialLR')))).toContain('torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers=[torch.optim.lr_scheduler.LinearLR(optimizer, ');
    expect(script(project('plateau', defaultSchedule('ReduceLROnPlateau')))).toContain('SCHEDULE_MONITOR = "val_loss"');
    expect(script(project('none', null))).toContain('def make_scheduler(optimizer, units):\n    return None');
    expect(script(project('clip', null, { clip_grad_norm: 0.5 }))).toContain('CLIP_GRAD_NORM = 0.5');
  });

  const why = pythonUnavailable('torch');
  it.skipIf(why !== null)(`every registered schedule (${chainable.join(', ')}) gives the lrs of Wiregrad's scheduler, 40 steps, within 1e-12`, () => {
    const units = 40;
    const cases = chainable.map((type) => {
      const cfg = defaultSchedule(type);
      const sub = path.join(dir, type);
      fs.mkdirSync(sub, { recursive: true });
      for (const f of exportPyTorch(project(type, cfg), { as: 'script', fileName: 'model.py' })) fs.writeFileSync(path.join(sub, f.name), f.data);
      const s = createScheduler(cfg, { lr: 0.01 }, units);
      const want: number[] = [];
      for (let i = 0; i < units; i++) {
        want.push(s.lr);
        s.step();
      }
      return { type, script: path.join(sub, 'model.py'), want };
    });
    const driver = `
import importlib.util, json, sys, warnings, torch
warnings.filterwarnings("ignore")
out = {}
for c in json.loads(sys.argv[1]):
    spec = importlib.util.spec_from_file_location(c["type"], c["script"]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    opt = m.make_optimizer([torch.nn.Parameter(torch.zeros(1))])
    sched = m.make_scheduler(opt, ${units})
    lrs = []
    for _ in range(${units}):
        lrs.append(opt.param_groups[0]["lr"]); opt.step(); sched.step()
    out[c["type"]] = lrs
print(json.dumps(out))`;
    const r = python(['-c', driver, JSON.stringify(cases.map(({ type, script }) => ({ type, script })))]);
    expect(r.code, r.output).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number[]>;
    for (const c of cases) {
      const worst = Math.max(...c.want.map((w, i) => Math.abs(got[c.type][i] - w) / Math.max(Math.abs(w), 1e-30)));
      expect(worst, c.type).toBeLessThanOrEqual(1e-12);
      expect(new Set(c.want).size, `${c.type} should change the lr`).toBeGreaterThan(1);
    }
  }, 120_000);

  it.skipIf(why !== null)('trains like wiregrad train: StepLR + clipping, SequentialLR warm-up + cosine per step, OneCycleLR, ReduceLROnPlateau on the validation loss', () => {
    buildBundles();
    const sgd = { type: 'sgd' as const, lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weight_decay: 0 };
    const docs = [
      project('steplr clip', { ...defaultSchedule('StepLR'), step_size: 1, gamma: 0.5 }, { optimizer: sgd, clip_grad_norm: 0.25 }),
      project('warmup cosine', { type: 'SequentialLR', interval: 'step', milestones: [5], schedulers: [{ ...defaultSchedule('LinearLR'), total_iters: 5 }, { ...defaultSchedule('CosineAnnealingLR') }] }),
      project('one cycle', { ...defaultSchedule('OneCycleLR'), max_lr: 0.05 }, { optimizer: sgd }),
      project('plateau', { ...defaultSchedule('ReduceLROnPlateau'), patience: 0, factor: 0.5, threshold: 0.5 }, { optimizer: sgd, validation_split: 0.25 }),
    ];
    const files = docs.map((d, i) => {
      const f = path.join(dir, `s${i}.wiregrad.json`);
      fs.writeFileSync(f, JSON.stringify(d));
      return f;
    });
    // 96 samples: 6 steps per epoch (4½ with the validation split), 4 epochs.
    const result = exportParity('--models', files.join(','), '--steps', '18', '--ranks', '1', '--shuffle');
    expectParity(result, 4, 18, (r) => r.model.endsWith('s3.wiregrad.json'));
  }, 300_000);
});
