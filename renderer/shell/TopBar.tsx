/** Top bar: project name and unsaved dot · file · undo/redo · device · Train/Stop · Export (ONNX, PyTorch, notebook). */
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { isDirty } from '../store/editor';
import { useCheck } from '../store/derived';
import { runStore } from '../training/runStore';
import { isActiveStatus } from '../training/runState';
import { sessionStore } from '../actions/session';
import { runAction, tip, useActionEnabled } from '../actions/useAction';
import { uiStore } from '../store/uiStore';
import { projectTitle } from '../../core/graph/title';
import { SettingsMenu } from './SettingsMenu';

export function TopBar() {
  const name = useStore(editorStore, (s) => projectTitle(s.doc.name, s.filePath));
  const dirty = useStore(editorStore, isDirty);
  const filePath = useStore(editorStore, (s) => s.filePath);
  const canUndo = useActionEnabled('undo');
  const canRedo = useActionEnabled('redo');
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
        <button type="button" className="wg-btn wg-btn--ghost" onClick={() => runAction('new')} title={tip('new')}>
          New
        </button>
        <button type="button" className="wg-btn wg-btn--ghost" onClick={() => runAction('open')} title={tip('open')}>
          Open
        </button>
        <button type="button" className="wg-btn wg-btn--ghost" onClick={() => runAction('save')} title={tip('save')}>
          Save
        </button>
      </nav>
      <div className="wg-topbar__group" role="group" aria-label="History">
        <button type="button" className="wg-icon-btn" aria-label="Undo" title={tip('undo')} disabled={!canUndo} onClick={() => runAction('undo')}>
          <svg viewBox="0 0 16 16" aria-hidden>
            <path d="M5 3L2 6l3 3M2 6h7a4 4 0 010 8H6" fill="none" />
          </svg>
        </button>
        <button type="button" className="wg-icon-btn" aria-label="Redo" title={tip('redo')} disabled={!canRedo} onClick={() => runAction('redo')}>
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
        <button type="button" className="wg-btn wg-btn--danger" onClick={() => runAction('stop')} disabled={run === 'stopping'} title={tip('stop', 'Stop training')}>
          <span className="wg-btn__icon" aria-hidden>
            ■
          </span>
          Stop
        </button>
      ) : (
        <button
          type="button"
          className="wg-btn wg-btn--primary"
          onClick={() => runAction('train')}
          disabled={backend !== 'connected'}
          title={backend !== 'connected' ? 'No backend: run the desktop app or `wiregrad serve`' : errors ? `${errors} problem(s) to fix first — ${tip('train')}` : tip('train')}
        >
          <span className="wg-btn__icon" aria-hidden>
            ▶
          </span>
          Train
        </button>
      )}
      <button
        type="button"
        className="wg-btn"
        onClick={() => runAction('exportOnnx')}
        disabled={backend !== 'connected' || active}
        aria-label="Export ONNX, PyTorch script or notebook"
        title={tip('exportOnnx', 'Export the model: ONNX, the ONNX training step, a PyTorch script or a Jupyter notebook')}
      >
        Export…
      </button>
      <button type="button" className="wg-icon-btn" aria-label="Keyboard shortcuts" title={tip('shortcuts')} onClick={() => runAction('shortcuts')}>
        <svg viewBox="0 0 16 16" aria-hidden>
          <rect x="1.5" y="4" width="13" height="8.5" rx="1.5" fill="none" />
          <path d="M4 7h1M7 7h1M10 7h1M5 10h6" fill="none" />
        </svg>
      </button>
      <SettingsMenu />
    </header>
  );
}
