/**
 * Training control in the training panel: the learning-rate schedule (from the registry,
 * with an optional LinearLR warm-up chained by SequentialLR as PyTorch chains them),
 * gradient clipping, early stopping and the metric that picks the best checkpoint.
 */
import type { EarlyStoppingConfig, MonitoredMetric, TrainingConfig } from '../../core/graph/document';
import { defaultSchedule, scheduleDefs, type ScheduleConfig } from '../../core/optim/schedules/index';
import { MONITORED_METRICS } from '../../core/graph/monitor';
import { NumberField } from './NumberField';
import { ScheduleFields } from './ScheduleFields';
import { SelectField } from './SelectField';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { runOptionsStore } from './runStore';

type Set = (patch: Partial<TrainingConfig>, key: string, session?: number) => void;

/** The inspector's view of training.schedule: the main schedule and the warm-up steps before it (0 = none). */
export function splitWarmup(s: ScheduleConfig | null | undefined): { main: ScheduleConfig | null; warmup: number; startFactor: number } {
  if (s?.type === 'SequentialLR') {
    const [w, main] = s.schedulers as ScheduleConfig[];
    return { main, warmup: (s.milestones as number[])[0], startFactor: w.start_factor as number };
  }
  return { main: s ?? null, warmup: 0, startFactor: 0.1 };
}

export function joinWarmup(main: ScheduleConfig | null, warmup: number, startFactor: number): ScheduleConfig | null {
  if (!main || warmup <= 0 || main.type === 'ReduceLROnPlateau') return main;
  const ramp = { ...defaultSchedule('LinearLR'), interval: main.interval, start_factor: startFactor, total_iters: warmup };
  return { type: 'SequentialLR', interval: main.interval, milestones: [warmup], schedulers: [ramp, main] };
}

const CHOICES = scheduleDefs().filter((d) => d.type !== 'SequentialLR');

function MetricSelect({ label, value, onChange }: { label: string; value: MonitoredMetric; onChange(m: MonitoredMetric): void }) {
  return <SelectField label={label} value={value} options={MONITORED_METRICS} onChange={onChange} />;
}

export function ControlSettings({ t, set }: { t: TrainingConfig; set: Set }) {
  const fromSaved = useStore(runOptionsStore, (o) => o.fromSavedWeights);
  const saved = useStore(editorStore, (s) => s.filePath !== null);
  const { main, warmup, startFactor } = splitWarmup(t.schedule);
  const setSchedule = (m: ScheduleConfig | null, w: number, f: number, key: string, session?: number) => set({ schedule: joinWarmup(m, w, f) }, `schedule.${key}`, session);
  const early: EarlyStoppingConfig | null = t.early_stopping ?? null;
  return (
    <>
      <div className="wg-field">
        <label htmlFor="wg-schedule" className="wg-field__name">
          Learning-rate schedule
        </label>
        <select id="wg-schedule" className="wg-input" value={main?.type ?? ''} onChange={(e) => setSchedule(e.target.value ? defaultSchedule(e.target.value) : null, warmup, startFactor, 'type')}>
          <option value="">Constant (no schedule)</option>
          {CHOICES.map((d) => (
            <option key={d.type} value={d.type}>
              {d.type}
            </option>
          ))}
        </select>
      </div>
      {main ? <ScheduleFields cfg={main} onChange={(c, k, s) => setSchedule(c, warmup, startFactor, k, s)} /> : null}
      {main && main.type !== 'ReduceLROnPlateau' ? (
        <div className="wg-grid2">
          <NumberField label={`Warm-up ${main.interval === 'step' ? 'steps' : 'epochs'}`} integer min={0} value={warmup} hint="LinearLR ramp first (SequentialLR); 0 = none" onChange={(v, s) => setSchedule(main, v, startFactor, 'warmup', s)} />
          {warmup > 0 ? <NumberField label="Warm-up start factor" min={0} max={1} value={startFactor} onChange={(v, s) => setSchedule(main, warmup, v, 'warmup_start', s)} /> : null}
        </div>
      ) : null}
      <div className="wg-grid2">
        <NumberField label="Clip gradient norm" min={0} value={t.clip_grad_norm ?? 0} hint="Global L2 norm (clip_grad_norm_); 0 = off" onChange={(v, s) => set({ clip_grad_norm: v > 0 ? v : null }, 'clip_grad_norm', s)} />
        <MetricSelect label="Best checkpoint by" value={t.best_metric ?? 'val_loss'} onChange={(m) => set({ best_metric: m }, 'best_metric')} />
      </div>
      {saved ? (
        <label className="wg-field wg-field--check" title="The weights saved beside the project by its last run (or an import), when they still fit the graph">
          <input type="checkbox" checked={fromSaved} onChange={(e) => runOptionsStore.set({ fromSavedWeights: e.target.checked })} />
          <span className="wg-field__name">Start from the project's saved weights</span>
        </label>
      ) : null}
      <label className="wg-field wg-field--check">
        <input type="checkbox" checked={!!early} onChange={(e) => set({ early_stopping: e.target.checked ? { monitor: 'val_loss', patience: 5, min_delta: 0 } : null }, 'early_stopping')} />
        <span className="wg-field__name">Stop early when the metric stops improving</span>
      </label>
      {early ? (
        <div className="wg-grid2">
          <MetricSelect label="Monitor" value={early.monitor} onChange={(m) => set({ early_stopping: { ...early, monitor: m } }, 'early_stopping.monitor')} />
          <NumberField label="Patience (epochs)" integer min={1} value={early.patience} onChange={(v, s) => set({ early_stopping: { ...early, patience: v } }, 'early_stopping.patience', s)} />
          <NumberField label="Min delta" min={0} value={early.min_delta} onChange={(v, s) => set({ early_stopping: { ...early, min_delta: v } }, 'early_stopping.min_delta', s)} />
        </div>
      ) : null}
    </>
  );
}
