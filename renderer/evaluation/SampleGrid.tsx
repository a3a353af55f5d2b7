/** Test images with true and predicted labels, mistakes first. */
import { useEffect, useState } from 'react';
import { SampleCanvas } from '../dataset/SampleCanvas';
import { inputView } from '../dataset/sampleView';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import type { SampleImage } from '../../core/api/contract';
import type { DatasetSpec } from '../../core/graph/document';
import { getApi, errorMessage } from '../api';

const MAX = 60;

/** Indices to show: every mistake first (up to MAX), then correct ones. Pure. */
export function pickSamples(pred: ArrayLike<number>, labels: ArrayLike<number>, max = MAX): number[] {
  const wrong: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < labels.length && wrong.length < max; i++) (pred[i] === labels[i] ? right : wrong).push(i);
  return [...wrong, ...right].slice(0, max);
}

interface Props {
  predictions: ArrayLike<number>;
  labels: ArrayLike<number>;
  dataset: DatasetSpec;
  classNames?: string[];
}

export function SampleGrid({ predictions, labels, dataset, classNames }: Props) {
  const doc = useStore(editorStore, (s) => s.doc);
  const name = (i: number) => classNames?.[i] ?? String(i);
  const [samples, setSamples] = useState<SampleImage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const api = getApi();
    if (!api) return;
    let live = true;
    const indices = pickSamples(predictions, labels);
    api
      .getSamples('test', indices, dataset, inputView(doc))
      .then((s) => live && setSamples(s))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [predictions, labels, dataset]);

  if (error) return <p className="wg-note is-warning">Could not load test images: {error}</p>;
  if (!samples) return <p className="wg-muted">Loading test images…</p>;
  const wrong = samples.filter((s) => predictions[s.index] !== labels[s.index]).length;
  return (
    <figure className="wg-samples" aria-label="Test images">
      <figcaption>
        Test images — {wrong ? `${wrong} mistake${wrong > 1 ? 's' : ''} first` : 'no mistakes in this sample'}
      </figcaption>
      <ul className="wg-samples__grid">
        {samples.map((s) => {
          const pred = predictions[s.index];
          const ok = pred === s.label;
          return (
            <li key={s.index} className={`wg-sample${ok ? ' is-right' : ' is-wrong'}`} title={`test #${s.index}: true ${name(s.label)}, predicted ${name(pred)}`} aria-label={`true ${name(s.label)}, predicted ${name(pred)}`}>
              <SampleCanvas s={s} />
              <span className="wg-sample__labels">
                <span>{name(s.label)}</span>
                <span aria-hidden>→</span>
                <strong>{name(pred)}</strong>
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
