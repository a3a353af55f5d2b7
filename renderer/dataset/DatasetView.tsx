/**
 * The dataset as the model will see it: samples per class (bar chart), a grid of samples
 * with their labels, and warnings (empty classes, unreadable files by path, imbalance).
 * Reloads when the dataset spec or the Input node's shape changes.
 */
import { useEffect, useState } from 'react';
import type { DatasetOverview, SampleImage } from '../../core/api/contract';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { errorMessage, getApi } from '../api';
import { SampleCanvas } from './SampleCanvas';
import { inputView, viewKey } from './sampleView';
import { ClassBars } from './ClassBars';

export function DatasetView() {
  const doc = useStore(editorStore, (s) => s.doc);
  const [overview, setOverview] = useState<DatasetOverview | null>(null);
  const [samples, setSamples] = useState<SampleImage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const key = viewKey(doc);
  useEffect(() => {
    const api = getApi();
    if (!api) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const view = inputView(doc);
        const o = await api.describeDataset(doc.training.dataset, view);
        const s = o.images ? await api.getSamples('train', o.examples, doc.training.dataset, view) : null;
        if (!live) return;
        setOverview(o);
        setSamples(s);
        setError(null);
      } catch (e) {
        if (live) setError(errorMessage(e));
      } finally {
        if (live) setLoading(false);
      }
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!getApi()) return null;
  if (error) {
    return (
      <section className="wg-dataset" aria-label="Dataset">
        <p className="wg-note is-error" role="alert" data-testid="dataset-error">
          {error}
        </p>
      </section>
    );
  }
  if (!overview) return <p className="wg-muted">{loading ? 'Reading the dataset…' : ''}</p>;
  const train = overview.splits.find((s) => s.split === 'train');
  const test = overview.splits.find((s) => s.split === 'test');
  return (
    <section className="wg-dataset" aria-label="Dataset" aria-busy={loading}>
      <p className="wg-muted" data-testid="dataset-summary">
        {overview.name}: {train?.count.toLocaleString('en-US')} training{test ? `, ${test.count.toLocaleString('en-US')} test` : ''} samples of {overview.sampleShape.join('×')}
        {overview.classes ? `, ${overview.classes} classes` : ', float targets'}
      </p>
      {train?.classCounts ? <ClassBars counts={train.classCounts} names={overview.classNames} /> : null}
      {overview.warnings.length ? (
        <ul className="wg-dataset__warnings" aria-label="Dataset warnings">
          {overview.warnings.map((w, i) => (
            <li key={i} className="wg-note is-warning" title={w.file}>
              {w.message}
            </li>
          ))}
        </ul>
      ) : null}
      {samples ? (
        <ul className="wg-samples__grid" aria-label="Training samples">
          {samples.map((s) => (
            <li key={s.index} className="wg-sample" aria-label={`training sample ${s.index}: ${s.labelName ?? s.label}`}>
              <SampleCanvas s={s} />
              <span className="wg-sample__labels">{s.labelName ?? (s.target ? s.target.map((v) => v.toFixed(2)).join(', ') : s.label)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
