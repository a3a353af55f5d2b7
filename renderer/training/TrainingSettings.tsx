/** Dataset, batch size, epochs, transforms, optimiser and its hyper-parameters, seed, schedule and control: doc.training. */
import { memo } from 'react';
import { defaultOptimizer, type OptimizerConfig, type TrainingConfig } from '../../core/graph/document';
import { DatasetFields } from '../dataset/DatasetFields';
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { DataTransformSettings } from './DataTransformSettings';
import { ControlSettings } from './ControlSettings';
import { NumberField } from './NumberField';
import { sessionStore } from '../actions/session';

/** `session` (from the field) keeps one focus of one field to one undo step; selects and checkboxes pass none. */
function set(patch: Partial<TrainingConfig>, key: string, session?: number) {
  editor.commit({ kind: 'setTraining', patch }, { label: `Set ${key}`, mergeKey: session ? `training.${key}#${session}` : undefined });
}

function setOptimizer(o: OptimizerConfig, key: string, session?: number) {
  set({ optimizer: o }, `optimizer.${key}`, session);
}

/** Memoised: the run's panel re-renders as events arrive, and this form does not need to with it. */
export const TrainingSettings = memo(function TrainingSettings({ locked }: { locked: boolean }) {
  const t = useStore(editorStore, (s) => s.doc.training);
  const o = t.optimizer;
  const ds = t.dataset;
  // Native file dialogs exist in Electron; in web mode the path is typed (it is a path on the server's machine).
  const native = useStore(sessionStore, (s) => s.info?.nativeDialogs ?? false);

  return (
    <form className="wg-settings" aria-label="Training settings" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={locked} className="wg-fieldset">
        <legend>Data</legend>
        <DatasetFields ds={ds} native={native} set={set} />
        <div className="wg-grid2">
          <NumberField label="Batch size" integer min={1} max={65536} value={t.batch_size} onChange={(v, s) => set({ batch_size: v }, 'batch_size', s)} />
          <NumberField label="Epochs" integer min={1} max={10000} value={t.epochs} onChange={(v, s) => set({ epochs: v }, 'epochs', s)} />
          <NumberField label="Validation split" min={0} max={0.9} value={t.validation_split} onChange={(v, s) => set({ validation_split: v }, 'validation_split', s)} />
          <NumberField label="Seed" integer min={0} value={t.seed} onChange={(v, s) => set({ seed: v }, 'seed', s)} />
        </div>
        <label className="wg-field wg-field--check">
          <input type="checkbox" checked={t.shuffle} onChange={(e) => set({ shuffle: e.target.checked }, 'shuffle')} />
          <span className="wg-field__name">Shuffle every epoch</span>
        </label>
      </fieldset>
      <fieldset disabled={locked} className="wg-fieldset">
        <legend>Transforms</legend>
        <DataTransformSettings t={t} set={set} />
      </fieldset>
      <fieldset disabled={locked} className="wg-fieldset">
        <legend>Optimizer</legend>
        <div className="wg-field">
          <label htmlFor="wg-optimizer" className="wg-field__name">
            Optimizer
          </label>
          <select
            id="wg-optimizer"
            className="wg-input"
            value={o.type}
            onChange={(e) => setOptimizer(defaultOptimizer(e.target.value as OptimizerConfig['type']), 'type')}
          >
            <option value="sgd">SGD</option>
            <option value="adam">Adam</option>
            <option value="adamw">AdamW</option>
          </select>
        </div>
        <div className="wg-grid2">
          <NumberField label="Learning rate" min={0} value={o.lr} onChange={(v, s) => setOptimizer({ ...o, lr: v }, 'lr', s)} />
          <NumberField label="Weight decay" min={0} value={o.weight_decay} onChange={(v, s) => setOptimizer({ ...o, weight_decay: v }, 'weight_decay', s)} />
          {o.type === 'sgd' ? (
            <>
              <NumberField label="Momentum" min={0} max={1} value={o.momentum} onChange={(v, s) => setOptimizer({ ...o, momentum: v }, 'momentum', s)} />
              <NumberField label="Dampening" min={0} max={1} value={o.dampening} onChange={(v, s) => setOptimizer({ ...o, dampening: v }, 'dampening', s)} />
            </>
          ) : (
            <>
              <NumberField label="Beta 1" min={0} max={0.999999} value={o.betas[0]} onChange={(v, s) => setOptimizer({ ...o, betas: [v, o.betas[1]] }, 'beta1', s)} />
              <NumberField label="Beta 2" min={0} max={0.999999} value={o.betas[1]} onChange={(v, s) => setOptimizer({ ...o, betas: [o.betas[0], v] }, 'beta2', s)} />
              <NumberField label="Epsilon" min={0} value={o.eps} onChange={(v, s) => setOptimizer({ ...o, eps: v }, 'eps', s)} />
            </>
          )}
        </div>
        {o.type === 'sgd' ? (
          <label className="wg-field wg-field--check">
            <input type="checkbox" checked={o.nesterov} disabled={o.momentum === 0} onChange={(e) => setOptimizer({ ...o, nesterov: e.target.checked }, 'nesterov')} />
            <span className="wg-field__name">Nesterov momentum</span>
          </label>
        ) : null}
      </fieldset>
      <fieldset disabled={locked} className="wg-fieldset">
        <legend>Schedule and control</legend>
        <ControlSettings t={t} set={set} />
      </fieldset>
    </form>
  );
});
