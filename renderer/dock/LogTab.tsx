/** Session log: opens, saves, runs, errors, with times. */
import { useEffect, useRef } from 'react';
import { useStore } from '../store/createStore';
import { uiStore } from '../store/uiStore';

export function LogTab() {
  const log = useStore(uiStore, (s) => s.log);
  const end = useRef<HTMLDivElement>(null);
  // Block body on purpose: newer Chromium returns a Promise from scrollIntoView, and an effect must not return one.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [log.length]);
  return (
    <div className="wg-log" role="log" aria-label="Log">
      {log.length === 0 ? <p className="wg-empty-line">Nothing logged yet.</p> : null}
      {log.map((l, i) => (
        <div key={i} className={`wg-log__line is-${l.level}`}>
          <time>{new Date(l.at).toLocaleTimeString()}</time> {l.text}
        </div>
      ))}
      <div ref={end} />
    </div>
  );
}
