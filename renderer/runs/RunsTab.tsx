/**
 * The Runs tab: every recorded run of the saved project (runs/ beside it), several overlaid
 * on one chart per metric (log scale optional), the diff of two, rename, delete, CSV, resume.
 */
import { useEffect, useMemo, type CSSProperties } from 'react';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { LineChart, type ChartSeries } from '../training/LineChart';
import { SelectField } from '../training/SelectField';
import { isActive } from '../training/runState';
import { runStore, train } from '../training/runStore';
import { overlay } from './overlay';
import { RunDiff } from './RunDiff';
import { refreshRuns, RUN_METRICS, runsStore, type RunMetric } from './runsStore';
import { RunsTable } from './RunsTable';

const pct = (v: number) => `${Math.round(v * 100)}%`;

export function RunsTab() {
  const project = useStore(editorStore, (s) => s.filePath);
  const s = useStore(runsStore, (x) => x);
  const active = useStore(runStore, (r) => isActive(r));
  useEffect(() => void refreshRuns(), [project, active]);

  const chosen = s.selected.map((id) => s.details[id]).filter(Boolean);
  const data = useMemo(() => overlay(chosen, s.metric), [chosen.map((d) => d.record.id).join(), s.metric]); // eslint-disable-line react-hooks/exhaustive-deps
  const series: ChartSeries[] = chosen.map((d, i) => ({ label: d.record.name, colorVar: `--run-${i % 6}`, values: data.values[i] }));
  const accuracy = s.metric.endsWith('accuracy');

  if (!project) {
    return <div className="wg-empty-line">Save the project to keep its runs: each run is then recorded in a runs/ folder beside it (metrics, TensorBoard events, checkpoints).</div>;
  }
  return (
    <div className="wg-runs">
      <div className="wg-runs__bar">
        <button type="button" className="wg-btn wg-btn--small" onClick={() => void refreshRuns()} disabled={s.loading}>
          Refresh
        </button>
        <SelectField label="Metric" value={s.metric} options={RUN_METRICS} onChange={(m: RunMetric) => runsStore.set((x) => ({ ...x, metric: m }))} />
        <label className="wg-field wg-field--check">
          <input type="checkbox" checked={s.logY} onChange={(e) => runsStore.set((x) => ({ ...x, logY: e.target.checked }))} />
          <span className="wg-field__name">Log scale</span>
        </label>
        <span className="wg-muted">{s.items.length} run(s) in {project.replace(/[^/\\]*$/, '')}runs/</span>
      </div>
      {s.error ? <p className="wg-note is-error">{s.error}</p> : null}
      {s.items.length ? (
        <RunsTable items={s.items} selected={s.selected} canResume={!active} onResume={(id) => void train({ resume: { runId: id } })} />
      ) : (
        <div className="wg-empty-line">No runs yet: press Train, and each run appears here.</div>
      )}
      {chosen.length ? (
        <div className="wg-runs__chart" style={{ '--run-count': chosen.length } as CSSProperties}>
          <LineChart title={`${s.metric} — ${chosen.length} run(s)`} x={data.x} series={series} logY={s.logY && !accuracy} yRange={accuracy && !s.logY ? [0, 1] : undefined} format={accuracy ? pct : undefined} />
        </div>
      ) : s.items.length ? (
        <p className="wg-muted">Tick runs to overlay their curves; tick two to see what changed between them.</p>
      ) : null}
      {chosen.length === 2 ? <RunDiff a={chosen[0]} b={chosen[1]} /> : null}
    </div>
  );
}
