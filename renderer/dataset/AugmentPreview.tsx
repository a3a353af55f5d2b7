/**
 * Live augmentation preview: the same few training samples, each as it comes out of the
 * augmentation pipeline, redrawn (debounced) whenever a setting changes.
 */
import { useEffect, useState } from 'react';
import type { SampleImage } from '../../core/api/contract';
import type { TrainingConfig } from '../../core/graph/document';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { errorMessage, getApi } from '../api';
import { SampleCanvas } from './SampleCanvas';
import { inputView, viewKey } from './sampleView';

const COUNT = 8;
const REPEATS = 2;

export function AugmentPreview({ t }: { t: TrainingConfig }) {
  const doc = useStore(editorStore, (s) => s.doc);
  const [round, setRound] = useState(0);
  const [samples, setSamples] = useState<SampleImage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = viewKey(doc, [t.augment, round]);
  useEffect(() => {
    const api = getApi();
    if (!api) return;
    let live = true;
    const timer = setTimeout(() => {
      // Each sample twice, so two different draws of the same image sit side by side.
      const indices = Array.from({ length: COUNT * REPEATS }, (_, i) => Math.floor(i / REPEATS));
      api
        .getSamples('train', indices, t.dataset, { ...inputView(doc), augment: t.augment, draw: round })
        .then((s) => {
          if (!live) return;
          setSamples(s);
          setError(null);
        })
        .catch((e) => live && setError(errorMessage(e)));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <figure className="wg-samples wg-augment-preview" aria-label="Augmentation preview">
      <figcaption>
        Augmentation preview{' '}
        <button type="button" className="wg-btn wg-btn--small" onClick={() => setRound((r) => r + 1)}>
          Draw again
        </button>
      </figcaption>
      {error ? <p className="wg-note is-warning">{error}</p> : null}
      {samples ? (
        <ul className="wg-samples__grid">
          {samples.map((s, i) => (
            <li key={i} className="wg-sample" aria-label={`augmented sample ${s.index}${s.labelName ? `, ${s.labelName}` : ''}`}>
              <SampleCanvas s={s} />
            </li>
          ))}
        </ul>
      ) : !error ? (
        <p className="wg-muted">Loading samples…</p>
      ) : null}
    </figure>
  );
}
