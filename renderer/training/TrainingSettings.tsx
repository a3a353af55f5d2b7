/** Dataset, batch size, epochs, transforms, optimiser and its hyper-parameters, seed: doc.training. */
import { defaultOptimizer, type DatasetSpec, type OptimizerConfig, type TrainingConfig } from '../../core/graph/document';
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { DataTransformSettings } from './DataTransformSettings';
import { NumberField } from './NumberField';
import { TextField } from '../inspector/TextField';
import { sessionStore } from '../actions/session';
import { getApi } from '../api';

/** `session` (from the field) keeps one focus of one field to one undo step; selects and checkboxes pass none. */
function set(patch: Partial<TrainingConfig>, key: string, session?: number) {
  editor.commit({ kind: 'setTraining', patch }, { label: `Set ${key}`, mergeKey: session ? `training.${key}#${session}` : undefined });
}

function setOptimizer(o: OptimizerConfig, key: string, session?: number) {
  set({ optimizer: o }, `optimizer.${key}`, session);
}

export function TrainingSettings({ locked }: { locked: boolean }) {
  const t = useStore(editorStore, (s) => s.doc.training);
  const o = t.optimizer;
  const ds = t.dataset;
  // Native file dialogs exist in Electron; in web mode the path is typed (it is a path on the server's machine).
  const native = useStore(sessionStore, (s) => s.info?.nativeDialogs ?? false);

  const setDataset = (kind: DatasetSpec['kind']) => {
    const next: DatasetSpec =
      kind === 'mnist'
        ? { kind }
        : kind === 'idx'
          ? { kind, trainImages: '', trainLabels: '', testImages: '', testLabels: '' }
          : kind === 'cifar10'
            ? { kind, dir: '' }
            : { kind, samples: 1024, classes: 10 };
    set({ dataset: next }, 'dataset');
  };

  return (
    <form className="wg-settings" aria-label="Training settings" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={locked} className="wg-fieldset">
        <legend>Data</legend>
        <div className="wg-field">
          <label htmlFor="wg-dataset" className="wg-field__name">
            Dataset
          </label>
          <select id="wg-dataset" className="wg-input" value={ds.kind} onChange={(e) => setDataset(e.target.value as DatasetSpec['kind'])}>
            <option value="mnist">MNIST (built-in)</option>
            <option value="idx">IDX files from disk</option>
            <option value="cifar10">CIFAR-10 binary files from disk</option>
            <option value="random">Random (smoke test)</option>
          </select>
        </div>
        {ds.kind === 'idx' ? (
          <>
            {(['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const).map((k) => {
              const label = { trainImages: 'Train images', trainLabels: 'Train labels', testImages: 'Test images', testLabels: 'Test labels' }[k];
              return (
                <div className="wg-path-row" key={k}>
                  <TextField
                    label={label}
                    value={ds[k] ?? ''}
                    placeholder={k.endsWith('Images') ? '…-images-idx3-ubyte' : '…-labels-idx1-ubyte'}
                    onChange={(v, s) => set({ dataset: { ...ds, [k]: v } }, `dataset.${k}`, s)}
                  />
                  {native ? (
                    <button
                      type="button"
                      className="wg-btn wg-btn--small"
                      aria-label={`Browse for ${label.toLowerCase()}`}
                      onClick={async () => {
                        const path = await getApi()?.pickFile({ title: label, filters: [{ name: 'IDX file', extensions: ['*'] }] }).catch(() => null);
                        if (path) set({ dataset: { ...ds, [k]: path } }, `dataset.${k}`);
                      }}
                    >
                      Browse…
                    </button>
                  ) : null}
                </div>
              );
            })}
          </>
        ) : null}
        {ds.kind === 'cifar10' ? (
          <TextField
            label="CIFAR-10 folder"
            value={ds.dir}
            placeholder="…/cifar-10-batches-bin (data_batch_1.bin … test_batch.bin)"
            onChange={(v, s) => set({ dataset: { kind: 'cifar10', dir: v } }, 'dataset.dir', s)}
          />
        ) : null}
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
    </form>
  );
}
