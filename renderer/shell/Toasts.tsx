/** Transient notices, announced to screen readers. */
import { useStore } from '../store/createStore';
import { uiStore } from '../store/uiStore';

export function Toasts() {
  const toasts = useStore(uiStore, (s) => s.toasts);
  return (
    <div className="wg-toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`wg-toast is-${t.kind}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
