/** The table of recorded runs: date, the settings that differ between them, best metric, test accuracy, time, actions. */
import { useState } from 'react';
import type { RunListItem } from '../../core/api/contract';
import { differingPaths, flatten } from '../../core/runs/diff';
import { formatDuration } from '../../core/util/duration';
import { formatPercent } from '../util/format';
import { deleteRun, downloadCsv, renameRun, toggleRun } from './runsStore';

interface Props {
  items: RunListItem[];
  selected: string[];
  canResume: boolean;
  onResume(id: string): void;
}

function fmt(v: unknown): string {
  return typeof v === 'number' ? String(+v.toPrecision(4)) : JSON.stringify(v);
}

function Name({ r }: { r: RunListItem }) {
  const [editing, setEditing] = useState(false);
  if (!editing) {
    return (
      <button type="button" className="wg-link" title="Rename" onClick={() => setEditing(true)}>
        {r.name}
      </button>
    );
  }
  return (
    <input
      className="wg-input"
      aria-label={`New name for ${r.name}`}
      defaultValue={r.name}
      autoFocus
      onBlur={() => setEditing(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setEditing(false);
        if (e.key === 'Enter') {
          void renameRun(r.id, e.currentTarget.value);
          setEditing(false);
        }
      }}
    />
  );
}

export function RunsTable({ items, selected, canResume, onResume }: Props) {
  // Only what differs between the listed runs (dataset paths and seeds that are all equal stay out of the way).
  const paths = differingPaths(items.map((r) => r.training)).filter((p) => !p.startsWith('dataset.'));
  const color = (id: string) => selected.indexOf(id);
  return (
    <table className="wg-table wg-runs__table" aria-label="Runs">
      <thead>
        <tr>
          <th aria-label="Overlay" />
          <th>Run</th>
          <th>Started</th>
          <th>Settings that differ</th>
          <th>Best</th>
          <th>Test acc.</th>
          <th>Time</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {items.map((r) => {
          const flat = flatten(r.training);
          const c = color(r.id);
          const best = r.summary?.best;
          return (
            <tr key={r.id} className={c >= 0 ? 'is-selected' : undefined} data-run={r.id}>
              <td>
                <input type="checkbox" aria-label={`Overlay ${r.name}`} checked={c >= 0} onChange={() => void toggleRun(r.id)} style={c >= 0 ? { accentColor: `var(--run-${c % 6})` } : undefined} />
              </td>
              <td>
                <Name r={r} />
                <span className={`wg-badge is-${r.status}`}>{r.status.replace('_', ' ')}</span>
              </td>
              <td>{new Date(r.created_at).toLocaleString()}</td>
              <td className="wg-runs__differs">{paths.map((p) => `${p}=${fmt(flat[p])}`).join(', ') || '—'}</td>
              <td>{best ? `${best.metric} ${best.metric.endsWith('accuracy') ? formatPercent(best.value) : best.value.toFixed(4)} (epoch ${best.epoch})` : '—'}</td>
              <td>{r.summary?.test_accuracy !== undefined ? formatPercent(r.summary.test_accuracy) : '—'}</td>
              <td>{r.summary?.elapsed_s !== undefined ? formatDuration(r.summary.elapsed_s) : '—'}</td>
              <td className="wg-runs__actions">
                <button type="button" className="wg-btn wg-btn--small" disabled={!canResume || r.status === 'running'} title="Continue this run from its last checkpoint (raise Epochs first)" onClick={() => onResume(r.id)}>
                  Resume
                </button>
                <button type="button" className="wg-btn wg-btn--small" onClick={() => void downloadCsv(r.id)}>
                  CSV
                </button>
                <button type="button" className="wg-btn wg-btn--small" aria-label={`Delete ${r.name}`} onClick={() => void deleteRun(r.id)}>
                  Delete
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
