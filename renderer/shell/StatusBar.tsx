/** Status bar: params • FLOPs/sample • est. memory @ batch • device • problems • last save. */
import { useEffect, useState } from 'react';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { estimateMemoryBytes, useCheck } from '../store/derived';
import { uiStore, ui } from '../store/uiStore';
import { runStore } from '../training/runStore';
import { formatBytes, formatCount } from '../util/format';
import { reconnect } from '../actions/session';

function ago(t: number | null, now: number): string {
  if (!t) return 'not saved';
  const s = Math.round((now - t) / 1000);
  if (s < 10) return 'saved just now';
  if (s < 60) return `saved ${s}s ago`;
  return `saved ${Math.round(s / 60)} min ago`;
}

export function StatusBar() {
  const doc = useStore(editorStore, (s) => s.doc);
  const check = useCheck();
  const lastSaved = useStore(uiStore, (s) => s.lastSavedAt);
  const backend = useStore(uiStore, (s) => s.backend);
  const status = useStore(runStore, (s) => s.status);
  const step = useStore(runStore, (s) => s.last);
  const total = useStore(runStore, (s) => s.start?.totalSteps);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(t);
  }, []);
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = check.diagnostics.length - errors;

  return (
    <footer className="wg-statusbar" role="contentinfo" aria-label="Status">
      <span data-testid="total-params" title={`${check.totalParams.toLocaleString('en-US')} trainable parameters`}>
        {formatCount(check.totalParams)} params
      </span>
      <span title="Forward FLOPs per sample">{formatCount(check.totalFlops)} FLOPs/sample</span>
      <span title="Weights, gradients, optimiser state and activations at this batch size">
        ~{formatBytes(estimateMemoryBytes(doc, check))} @ batch {doc.training.batch_size}
      </span>
      <span>{doc.training.device}</span>
      <button type="button" className={`wg-statusbar__problems ${errors ? 'is-error' : warnings ? 'is-warning' : 'is-ok'}`} onClick={() => ui.showDock('problems')}>
        {errors} error{errors === 1 ? '' : 's'} · {warnings} warning{warnings === 1 ? '' : 's'}
      </button>
      <span className="wg-statusbar__spacer" />
      {status === 'running' || status === 'stopping' ? (
        <span className="wg-statusbar__run">
          <span className="wg-dot is-live" aria-hidden /> training {step ? `step ${step.step}${total ? `/${total}` : ''}` : '…'}
        </span>
      ) : null}
      {backend === 'disconnected' ? (
        <span className="is-error" data-testid="backend-status" title="The backend (wiregrad serve) cannot be reached">
          ⚠ disconnected{' '}
          <button type="button" className="wg-link" onClick={() => void reconnect()}>
            Reconnect
          </button>
        </span>
      ) : (
        <span data-testid="backend-status" className={backend === 'connected' ? '' : 'is-warning'} title={backend === 'connected' ? 'Backend connected' : 'No backend: editing only'}>
          {backend === 'connected' ? '● connected' : '○ offline'}
        </span>
      )}
      <span>{ago(lastSaved, now)}</span>
    </footer>
  );
}
