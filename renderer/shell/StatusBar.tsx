/** Status bar: params • FLOPs/sample • est. memory @ batch • device • problems • last save. */
import { useEffect, useState } from 'react';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { isDirty, type EditorState } from '../store/editor';
import { estimateMemoryBytes, useCheck } from '../store/derived';
import { uiStore, ui } from '../store/uiStore';
import { runStore } from '../training/runStore';
import { formatBytes, formatCount } from '../util/format';
import { useProblemCounts } from '../dock/useProblems';
import { countsText } from '../dock/problemGroups';
import { reconnect } from '../actions/session';

/** The save state of the document on screen, never of one shown before it. */
export function saveState(s: Pick<EditorState, 'savedAt' | 'filePath'> & { dirty: boolean }, now: number): string {
  if (s.dirty) return s.filePath ? 'unsaved changes' : 'not saved';
  if (!s.filePath) return 'not saved';
  if (!s.savedAt) return 'saved';
  const secs = Math.round((now - s.savedAt) / 1000);
  if (secs < 10) return 'saved just now';
  if (secs < 60) return `saved ${secs}s ago`;
  return `saved ${Math.round(secs / 60)} min ago`;
}

/** Its own component: the run's step changes ten times a second, the rest of the bar does not. */
function RunProgress() {
  const status = useStore(runStore, (s) => s.status);
  const step = useStore(runStore, (s) => s.last?.step);
  const total = useStore(runStore, (s) => s.start?.totalSteps);
  if (status !== 'running' && status !== 'stopping') return null;
  return (
    <span className="wg-statusbar__run">
      <span className="wg-dot is-live" aria-hidden /> training {step !== undefined ? `step ${step}${total ? `/${total}` : ''}` : '…'}
    </span>
  );
}

export function StatusBar() {
  const doc = useStore(editorStore, (s) => s.doc);
  const check = useCheck();
  const savedAt = useStore(editorStore, (s) => s.savedAt);
  const filePath = useStore(editorStore, (s) => s.filePath);
  const dirty = useStore(editorStore, isDirty);
  const backend = useStore(uiStore, (s) => s.backend);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(t);
  }, []);
  const counts = useProblemCounts();

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
      <button type="button" className={`wg-statusbar__problems ${counts.errors ? 'is-error' : counts.warnings ? 'is-warning' : 'is-ok'}`} onClick={() => ui.showDock('problems')}>
        {countsText(counts)}
      </button>
      <span className="wg-statusbar__spacer" />
      <RunProgress />
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
      <span data-testid="save-state" title={filePath ?? 'This project has no file yet'}>
        {saveState({ savedAt, filePath, dirty }, now)}
      </span>
    </footer>
  );
}
