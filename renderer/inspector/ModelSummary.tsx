/** Nothing selected: what the model is and how it will be trained, at a glance. */
import type { ProjectDocument } from '../../core/graph/document';
import { datasetKind } from '../../core/data/kinds/index';
import type { CheckResult } from '../../core/check/types';
import { estimateMemoryBytes } from '../store/derived';
import { formatBytes, formatCount } from '../util/format';
import { ui } from '../store/uiStore';
import { editor } from '../store/editorStore';
import { TextField } from './TextField';

const OPTIMIZER_NAMES = { sgd: 'SGD', adam: 'Adam', adamw: 'AdamW' } as const;

export function ModelSummary({ doc, check }: { doc: ProjectDocument; check: CheckResult }) {
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = check.diagnostics.length - errors;
  const t = doc.training;
  const dataset = datasetKind(t.dataset.kind).short;
  return (
    <div className="wg-summary">
      <h2>Model</h2>
      <TextField label="Project name" value={doc.name} onChange={(v, s) => editor.commit({ kind: 'rename', name: v }, { label: 'Rename project', mergeKey: `doc.name#${s}` })} />
      <dl className="wg-facts">
        <div>
          <dt>Layers</dt>
          <dd>{doc.nodes.length}</dd>
        </div>
        <div>
          <dt>Parameters</dt>
          <dd>{check.totalParams.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>FLOPs / sample</dt>
          <dd>{formatCount(check.totalFlops)}</dd>
        </div>
        <div>
          <dt>Memory @ batch {t.batch_size}</dt>
          <dd title="weights, gradients, optimiser state and activations, float32">{formatBytes(estimateMemoryBytes(doc, check))}</dd>
        </div>
        <div>
          <dt>Problems</dt>
          <dd className={errors ? 'is-error' : warnings ? 'is-warning' : 'is-ok'}>
            {errors || warnings ? `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` : 'none'}
          </dd>
        </div>
      </dl>
      <h2>Training</h2>
      <dl className="wg-facts">
        <div>
          <dt>Dataset</dt>
          <dd>{dataset}</dd>
        </div>
        <div>
          <dt>Batch · epochs</dt>
          <dd>
            {t.batch_size} · {t.epochs}
          </dd>
        </div>
        <div>
          <dt>Optimizer</dt>
          <dd>
            {OPTIMIZER_NAMES[t.optimizer.type]} lr {t.optimizer.lr}
          </dd>
        </div>
        <div>
          <dt>Seed · device</dt>
          <dd>
            {t.seed} · {t.device}
          </dd>
        </div>
      </dl>
      <button type="button" className="wg-btn" onClick={() => ui.showDock('training')}>
        Open run settings
      </button>
      <p className="wg-muted wg-summary__tip">Select a layer to edit it. Press L to tidy the graph, F to fit it in view.</p>
    </div>
  );
}
