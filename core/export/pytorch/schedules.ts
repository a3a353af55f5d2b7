import { getSchedule, type ScheduleConfig } from '../../optim/schedules/index';
import { pyLiteral } from '../../layers/torch';

/**
 * training.schedule as torch.optim.lr_scheduler, read off the schedule registry: its fields
 * are PyTorch's constructor arguments by name, so every registered schedule has its torch
 * form without a table of its own. What differs from a plain keyword list is spelled here.
 */
function schedulerCall(cfg: ScheduleConfig, optimizer: string): string {
  const def = getSchedule(cfg.type);
  const args = [optimizer];
  if (cfg.type === 'SequentialLR') {
    args.push(`schedulers=[${(cfg.schedulers as ScheduleConfig[]).map((s) => schedulerCall(s, optimizer)).join(', ')}]`);
  }
  for (const f of def.fields) {
    if (f.name === 'monitor') continue; // Wiregrad's: which epoch metric the loop passes to step()
    const v = cfg[f.name];
    // "auto" lengths are the run's length in scheduler steps, as Wiregrad reads them.
    args.push(`${f.name}=${f.kind === 'autoInt' && (v === null || v === undefined) ? 'units' : f.kind === 'number' && Number.isInteger(v) ? `${v}.0` : pyLiteral(v)}`);
  }
  // Momentum (and Adam's beta1) is fixed in Wiregrad's step graph, so the cycle leaves it alone.
  if (cfg.type === 'OneCycleLR') args.push('cycle_momentum=False');
  return `torch.optim.lr_scheduler.${cfg.type}(${args.join(', ')})`;
}

/** Python: the schedule's interval and metric, and `def make_scheduler(optimizer, units)` (None: a constant lr). */
export function schedulerSource(cfg: ScheduleConfig | null | undefined): string {
  if (!cfg) {
    return ['SCHEDULE_INTERVAL = None  # no schedule: the learning rate stays constant', 'SCHEDULE_MONITOR = None', '', '', 'def make_scheduler(optimizer, units):', '    return None'].join('\n');
  }
  const def = getSchedule(cfg.type);
  const interval = cfg.interval ?? def.defaultInterval;
  return [
    `SCHEDULE_INTERVAL = ${pyLiteral(interval)}  # scheduler.step() after every ${interval === 'step' ? 'optimizer step' : 'epoch'}`,
    `SCHEDULE_MONITOR = ${def.needsMetric ? pyLiteral(cfg.monitor) : 'None'}  # the epoch metric step() gets${def.needsMetric ? ' (validation falls back to training without a validation split)' : ': none'}`,
    '',
    '',
    'def make_scheduler(optimizer, units):',
    `    """training.schedule: ${cfg.type}. units: how many times it steps in this run (epochs or steps), what "auto" lengths mean."""`,
    `    return ${schedulerCall(cfg, 'optimizer')}`,
  ].join('\n');
}
