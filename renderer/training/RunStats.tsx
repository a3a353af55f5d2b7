/** Epoch x/N, step, samples/s, ETA, device, and a progress bar. */
import type { RunState } from './runState';
import { progress, testAccuracy } from './runState';
import { formatDuration, formatInt, formatPercent } from '../util/format';

const STATUS_TEXT: Record<RunState['status'], string> = {
  idle: 'Not started',
  starting: 'Starting…',
  running: 'Training',
  stopping: 'Stopping…',
  completed: 'Completed',
  stopped: 'Stopped',
  error: 'Failed',
  lost: 'Lost',
};

export function RunStats({ run }: { run: RunState }) {
  const last = run.last;
  const epochs = run.start?.epochs;
  const p = progress(run);
  const stat = (label: string, value: string, testId?: string) => (
    <div className="wg-stat">
      <span className="wg-stat__label">{label}</span>
      <span className="wg-stat__value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
  return (
    <div className="wg-runstats" aria-live="polite">
      <div className={`wg-runstats__status is-${run.status}`} title={run.start ? `on ${run.start.device}` : undefined}>
        <span data-testid="run-status">{STATUS_TEXT[run.status]}</span>
        {run.start ? <span className="wg-runstats__device"> · {run.start.device}</span> : null}
      </div>
      {stat('Epoch', last && epochs ? `${last.epoch}/${epochs}` : epochs ? `0/${epochs}` : '–', 'run-epoch')}
      {stat('Step', last ? `${formatInt(last.step)}${run.start ? `/${formatInt(run.start.totalSteps)}` : ''}` : '–', 'run-step')}
      {stat('Samples/s', last ? formatInt(Math.round(last.samplesPerSec)) : '–', 'run-throughput')}
      {stat(
        run.done ? 'Took' : 'ETA',
        run.done ? formatDuration(run.done.elapsedSec) : last && run.status === 'running' ? formatDuration(last.etaSec) : '–',
        'run-eta',
      )}
      {testAccuracy(run) !== undefined ? stat('Test acc', formatPercent(testAccuracy(run))) : null}
      <div className="wg-progress" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(p * 100)}>
        <div className="wg-progress__bar" style={{ transform: `scaleX(${p})` }} />
      </div>
    </div>
  );
}
