/** Training tab: settings on the left, live progress and curves on the right. */
import { useDeferredValue, useMemo, useState } from 'react';
import { useStore } from '../store/createStore';
import { runStore } from './runStore';
import { isActive } from './runState';
import { TrainingSettings } from './TrainingSettings';
import { DatasetView } from '../dataset/DatasetView';
import { RunStats } from './RunStats';
import { LineChart } from './LineChart';
import { accuracySeries, hasAccuracy, lossSeries } from './chartData';
import { keyOf } from '../actions/useAction';

const pct = (v: number) => `${Math.round(v * 100)}%`;
const ACC_RANGE: [number, number] = [0, 1];

export function TrainingTab() {
  const run = useStore(runStore, (s) => s);
  const [weight, setWeight] = useState(0.6);
  const active = isActive(run);
  // Series read only the step and epoch arrays: a status change must not rebuild (and redraw) the charts.
  const loss = useMemo(() => lossSeries(run, weight), [run.steps, run.epochs, weight]); // eslint-disable-line react-hooks/exhaustive-deps
  const acc = useMemo(() => accuracySeries(run, weight), [run.steps, run.epochs, weight]); // eslint-disable-line react-hooks/exhaustive-deps
  const started = run.status !== 'idle';
  // Mounted in a deferred, interruptible render: in the frame the run ends it made a long frame.
  const showDataset = useDeferredValue(!active);

  return (
    <div className="wg-training">
      <div className="wg-training__settings">
        <TrainingSettings locked={active} />
      </div>
      <div className="wg-training__run">
        <div className="wg-training__head">
          <RunStats run={run} />
          <label className="wg-smoothing" title="Exponential moving average, as in TensorBoard; the raw curve stays faint behind it">
            <span>Smoothing</span>
            <input type="range" min={0} max={0.99} step={0.01} value={weight} onChange={(e) => setWeight(Number(e.target.value))} aria-label="Smoothing" />
            <output>{weight.toFixed(2)}</output>
          </label>
        </div>
        {run.error ? (
          <p className="wg-note is-error" role="alert">
            {run.error.message}
          </p>
        ) : null}
        {started ? (
          <div className="wg-charts">
            <LineChart title="Loss" x={run.steps.step} series={loss} />
            {hasAccuracy(run) || run.status === 'starting' || run.status === 'running' ? (
              <LineChart title="Accuracy" x={run.steps.step} series={acc} yRange={ACC_RANGE} format={pct} />
            ) : null}
          </div>
        ) : (
          <div className="wg-empty-line wg-training__empty">
            Press <strong>Train</strong> ({keyOf('train')}) to train on {''}
            the chosen dataset. Loss and accuracy stream here as it learns; the canvas stays usable.
          </div>
        )}
        {/* Between runs: the data the next run will see (counts, samples, warnings). */}
        {showDataset && !active ? <DatasetView /> : null}
      </div>
    </div>
  );
}
