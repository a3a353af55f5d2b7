/** Transient notices, announced to screen readers; a click dismisses one early. */
import { useStore } from '../store/createStore';
import { ui, uiStore } from '../store/uiStore';

export function Toasts() {
  const toasts = useStore(uiStore, (s) => s.toasts);
  return (
    <div className="wg-toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`wg-toast is-${t.kind}`} onClick={() => ui.dismissToast(t.id)} title="Click to dismiss">
          {t.text}
        </div>
      ))}
    </div>
  );
}
