/** After a run: test accuracy, confusion matrix, test images with predictions. */
import { useStore } from '../store/createStore';
import { runStore } from '../training/runStore';
import { testAccuracy } from '../training/runState';
import { editorStore } from '../store/editorStore';
import { ConfusionMatrix } from './ConfusionMatrix';
import { SampleGrid } from './SampleGrid';
import { formatPercent } from '../util/format';

export function EvaluationTab() {
  const run = useStore(runStore, (s) => s);
  const dataset = useStore(editorStore, (s) => s.doc.training.dataset);
  const acc = testAccuracy(run);
  const test = run.done?.test;

  if (acc === undefined && !test) {
    return (
      <p className="wg-empty-line">
        {run.status === 'running' || run.status === 'starting' ? 'Evaluating on the test set when training finishes…' : 'Train the model to see its test accuracy, confusion matrix and predictions here.'}
      </p>
    );
  }
  return (
    <div className="wg-eval">
      <div className="wg-eval__headline">
        <span className="wg-eval__label">Test accuracy</span>
        <span className="wg-eval__big" data-testid="test-accuracy">
          {formatPercent(acc)}
        </span>
        {test ? <span className="wg-muted">test loss {test.loss.toFixed(4)}{run.done?.reason === 'stopped' ? ' · run stopped early' : ''}</span> : null}
      </div>
      {test?.confusion ? <ConfusionMatrix matrix={test.confusion} names={test.classNames} /> : null}
      {test?.predictions && test.labels ? <SampleGrid predictions={test.predictions} labels={test.labels} dataset={dataset} classNames={test.classNames} /> : null}
    </div>
  );
}
