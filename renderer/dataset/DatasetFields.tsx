/**
 * The dataset picker and its fields, read from the dataset-kind registry: a new kind shows
 * up here with its own fields without touching this file.
 */
import { DATASET_KINDS, datasetKind, type DatasetField } from '../../core/data/kinds/index';
import type { DatasetSpec, TrainingConfig } from '../../core/graph/document';
import { TextField } from '../inspector/TextField';
import { NumberField } from '../training/NumberField';
import { getApi } from '../api';

interface Props {
  ds: DatasetSpec;
  native: boolean;
  set(patch: Partial<TrainingConfig>, key: string, session?: number): void;
}

export function DatasetFields({ ds, native, set }: Props) {
  const def = datasetKind(ds.kind);
  const setField = (f: DatasetField, v: unknown, session?: number) => {
    const next = { ...ds } as Record<string, unknown>;
    if (v === '' || v === undefined) delete next[f.name];
    else next[f.name] = v;
    set({ dataset: next as DatasetSpec }, `dataset.${f.name}`, session);
  };
  return (
    <>
      <div className="wg-field">
        <label htmlFor="wg-dataset" className="wg-field__name">
          Dataset
        </label>
        <select id="wg-dataset" className="wg-input" value={ds.kind} onChange={(e) => set({ dataset: datasetKind(e.target.value as DatasetSpec['kind']).create() }, 'dataset')}>
          {DATASET_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {def.fields.map((f) => {
        const value = (ds as Record<string, unknown>)[f.name];
        if (f.type === 'int' || f.type === 'fraction') {
          return (
            <NumberField
              key={f.name}
              label={f.label}
              integer={f.type === 'int'}
              min={f.type === 'int' ? 1 : 0}
              max={f.type === 'fraction' ? 0.95 : undefined}
              value={typeof value === 'number' ? value : (f.default ?? 0)}
              hint={f.doc}
              onChange={(v, s) => setField(f, v, s)}
            />
          );
        }
        return (
          <div className="wg-path-row" key={f.name}>
            <TextField label={f.label} value={typeof value === 'string' ? value : ''} placeholder={f.placeholder} onChange={(v, s) => setField(f, v, s)} />
            {native && (f.type === 'file' || f.type === 'dir') ? (
              <button
                type="button"
                className="wg-btn wg-btn--small"
                aria-label={`Browse for ${f.label.toLowerCase()}`}
                onClick={async () => {
                  const path = await getApi()
                    ?.pickFile({ title: f.label, ...(f.type === 'dir' ? { directory: true } : { filters: [{ name: f.label, extensions: ['*'] }] }) })
                    .catch(() => null);
                  if (path) setField(f, path);
                }}
              >
                Browse…
              </button>
            ) : null}
          </div>
        );
      })}
    </>
  );
}
