/** Top bar: project name and unsaved dot · file · undo/redo · device · Train/Stop · Export ONNX. */
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { isDirty } from '../store/editor';
import { useCheck } from '../store/derived';
import { runStore, train, stop } from '../training/runStore';
import { isActiveStatus } from '../training/runState';
import { sessionStore } from '../actions/session';
import { exportOnnx, newProject, open, save } from '../actions/files';
import { describeShortcut } from '../shortcuts';
import { uiStore } from '../store/uiStore';
import { projectTitle } from '../../core/graph/title';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
const tip = (label: string, action: Parameters<typeof describeShortcut>[0]) => `${label} (${describeShortcut(action, isMac)})`;

export function TopBar() {
  const name = useStore(editorStore, (s) => projectTitle(s.doc.name, s.filePath));
  const dirty = useStore(editorStore, isDirty);
  const filePath = useStore(editorStore, (s) => s.filePath);
  const canUndo = useStore(editorStore, (s) => s.history.past.length > 0);
  const canRedo = useStore(editorStore, (s) => s.history.future.length > 0);
  const device = useStore(editorStore, (s) => s.doc.training.device);
  const devices = useStore(sessionStore, (s) => s.devices);
  const backend = useStore(uiStore, (s) => s.backend);
  const run = useStore(runStore, (s) => s.status);
  const active = isActiveStatus(run);
  const check = useCheck();
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  const deviceOptions = devices.length ? devices : [{ id: 'cpu', name: 'CPU', kind: 'cpu' as const }];

  return (
    <header className="wg-topbar" role="banner">
      <div className="wg-topbar__brand" aria-hidden>
        <svg viewBox="0 0 24 24" className="wg-logo">
          <circle cx="5" cy="6" r="2.6" />
          <circle cx="5" cy="18" r="2.6" />
          <circle cx="19" cy="12" r="2.6" />
          <path d="M7.4 6.8L16.6 11M7.4 17.2l9.2-4.2" fill="none" />
        </svg>
      </div>
      <div className="wg-topbar__title" title={filePath ?? 'Not saved yet'}>
        <span className="wg-topbar__name" data-testid="project-name">
          {name}
        </span>
        {dirty ? <span className="wg-dot is-dirty" role="img" aria-label="Unsaved changes" title="Unsaved changes" /> : null}
      </div>
      <nav className="wg-topbar__group" aria-label="File">
        <button type="button" className="wg-btn wg-btn--ghost" onClick={newProject} title={tip('New', 'new')}>
          New
        </button>
        <button type="button" className="wg-btn wg-btn--ghost" onClick={() => void open()} title={tip('Open', 'open')}>
          Open
        </button>
        <button type="button" className="wg-btn wg-btn--ghost" onClick={() => void save()} title={tip('Save', 'save')}>
          Save
        </button>
      </nav>
      <div className="wg-topbar__group" role="group" aria-label="History">
        <button type="button" className="wg-icon-btn" aria-label="Undo" title={tip('Undo', 'undo')} disabled={!canUndo || active} onClick={() => editor.undo()}>
          <svg viewBox="0 0 16 16" aria-hidden>
            <path d="M5 3L2 6l3 3M2 6h7a4 4 0 010 8H6" fill="none" />
          </svg>
        </button>
        <button type="button" className="wg-icon-btn" aria-label="Redo" title={tip('Redo', 'redo')} disabled={!canRedo || active} onClick={() => editor.redo()}>
          <svg viewBox="0 0 16 16" aria-hidden>
            <path d="M11 3l3 3-3 3M14 6H7a4 4 0 000 8h3" fill="none" />
          </svg>
        </button>
      </div>
      <div className="wg-topbar__spacer" />
      <label className="wg-topbar__device">
        <span className="wg-visually-hidden">Device</span>
        <select
          className="wg-input wg-input--compact"
          aria-label="Device"
          value={device}
          disabled={active}
          onChange={(e) => editor.commit({ kind: 'setTraining', patch: { device: e.target.value } }, { label: 'Set device' })}
        >
          {deviceOptions.map((d) => (
            <option key={d.id} value={d.id} disabled={!!d.unavailable} title={d.unavailable}>
              {d.name}
            </option>
          ))}
          {!deviceOptions.some((d) => d.id === device) ? <option value={device}>{device}</option> : null}
        </select>
      </label>
      {active ? (
        <button type="button" className="wg-btn wg-btn--danger" onClick={() => void stop()} disabled={run === 'stopping'} title="Stop training">
          <span className="wg-btn__icon" aria-hidden>
            ■
          </span>
          Stop
        </button>
      ) : (
        <button
          type="button"
          className="wg-btn wg-btn--primary"
          onClick={() => void train()}
          disabled={backend !== 'connected'}
          title={backend !== 'connected' ? 'No backend: run the desktop app or `wiregrad serve`' : errors ? `${errors} problem(s) to fix first — ${tip('Train', 'train')}` : tip('Train', 'train')}
        >
          <span className="wg-btn__icon" aria-hidden>
            ▶
          </span>
          Train
        </button>
      )}
      <button type="button" className="wg-btn" onClick={() => void exportOnnx()} disabled={backend !== 'connected' || active} title="Export the model as an ONNX file">
        Export ONNX
      </button>
    </header>
  );
}
