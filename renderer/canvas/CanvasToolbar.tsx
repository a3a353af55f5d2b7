/** Floating canvas actions: auto-layout, fit view, minimap toggle (rows of the action table). */
import { uiStore } from '../store/uiStore';
import { useStore } from '../store/createStore';
import { runAction, tip } from '../actions/useAction';

export function CanvasToolbar() {
  const minimap = useStore(uiStore, (s) => s.minimap);
  return (
    <div className="wg-canvas-toolbar" role="toolbar" aria-label="Canvas tools">
      <button type="button" className="wg-icon-btn" aria-label="Auto-layout" title={tip('autoLayout')} onClick={() => runAction('autoLayout')}>
        <svg viewBox="0 0 16 16" aria-hidden>
          <rect x="1" y="2" width="4" height="4" rx="1" />
          <rect x="11" y="2" width="4" height="4" rx="1" />
          <rect x="11" y="10" width="4" height="4" rx="1" />
          <path d="M5 4h6M8 4v8h3" fill="none" />
        </svg>
      </button>
      <button type="button" className="wg-icon-btn" aria-label="Fit view" title={tip('fitView')} onClick={() => runAction('fitView')}>
        <svg viewBox="0 0 16 16" aria-hidden>
          <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" fill="none" />
        </svg>
      </button>
      <button
        type="button"
        className={`wg-icon-btn${minimap ? ' is-on' : ''}`}
        aria-label="Toggle minimap"
        aria-pressed={minimap}
        title={tip('toggleMinimap')}
        onClick={() => runAction('toggleMinimap')}
      >
        <svg viewBox="0 0 16 16" aria-hidden>
          <rect x="1.5" y="3" width="13" height="10" rx="1.5" fill="none" />
          <rect x="8" y="8" width="5" height="3.5" rx="0.5" />
        </svg>
      </button>
    </div>
  );
}
