/** The keyboard cheat sheet (? or F1), generated from the action table, so it lists exactly what the keys do. */
import { useEffect, useId, useRef } from 'react';
import { cheatSheet } from '../../core/ui/cheatSheet';
import { useStore } from '../store/createStore';
import { ui, uiStore } from '../store/uiStore';
import { IS_MAC } from './platform';

const SECTIONS = cheatSheet(IS_MAC);

export function CheatSheet() {
  const open = useStore(uiStore, (s) => s.cheatSheet);
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const returnTo = useRef<Element | null>(null);
  useEffect(() => {
    if (!open) return;
    returnTo.current = document.activeElement;
    panel.current?.focus();
    return () => (returnTo.current as HTMLElement | null)?.focus?.();
  }, [open]);
  if (!open) return null;
  const close = () => ui.setCheatSheet(false);
  return (
    <div className="wg-modal-backdrop" onMouseDown={close}>
      <div
        ref={panel}
        tabIndex={-1}
        className="wg-modal wg-cheatsheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === '?' || e.key === 'F1') {
            e.preventDefault();
            close();
          }
        }}
      >
        <div className="wg-cheatsheet__head">
          <h2 id={`${id}-title`}>Keyboard shortcuts</h2>
          <button type="button" className="wg-icon-btn" aria-label="Close" onClick={close}>
            <svg viewBox="0 0 16 16" aria-hidden>
              <path d="M4 4l8 8M12 4l-8 8" fill="none" />
            </svg>
          </button>
        </div>
        <div className="wg-cheatsheet__grid">
          {SECTIONS.map((s) => (
            <section key={s.title} aria-label={s.title}>
              <h3>{s.title}</h3>
              <dl>
                {s.rows.map((r) => (
                  <div key={r.id} title={r.hint}>
                    <dt>{r.label}</dt>
                    <dd>
                      {r.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 ? <span className="wg-muted"> or </span> : null}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="wg-muted wg-cheatsheet__foot">Double-click the canvas or drop a wire on it to search layers there. Right-click anything for its actions.</p>
      </div>
    </div>
  );
}
