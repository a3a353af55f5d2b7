/**
 * Data augmentation and normalisation (the course's transforms: RandomHorizontalFlip,
 * RandomRotation, Normalize). Augmentation applies to training batches only.
 */
import type { NormalizeConfig, TrainingConfig } from '../../core/graph/document';
import { TextField } from '../inspector/TextField';
import { NumberField } from './NumberField';

interface Props {
  t: TrainingConfig;
  set(patch: Partial<TrainingConfig>, key: string, session?: number): void;
}

/** "0.5, 0.5, 0.5" → [0.5, 0.5, 0.5]; null when not a list of numbers. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
  return parts.length > 0 && parts.every((x) => Number.isFinite(x)) ? parts : null;
}

export function DataTransformSettings({ t, set }: Props) {
  const norm = t.normalize;
  const setNorm = (patch: Partial<NormalizeConfig>, key: string, session?: number) =>
    set({ normalize: { mean: norm?.mean ?? [0.5], std: norm?.std ?? [0.5], ...patch } }, key, session);
  return (
    <>
      <div className="wg-grid2">
        <NumberField
          label="Flip probability"
          min={0}
          max={1}
          value={t.augment.hflip}
          hint="horizontal; 0 = off"
          onChange={(v, s) => set({ augment: { ...t.augment, hflip: v } }, 'augment.hflip', s)}
        />
        <NumberField
          label="Rotation ±°"
          min={0}
          max={180}
          value={t.augment.rotation}
          hint="random; 0 = off"
          onChange={(v, s) => set({ augment: { ...t.augment, rotation: v } }, 'augment.rotation', s)}
        />
      </div>
      <label className="wg-field wg-field--check">
        <input type="checkbox" checked={norm === null} onChange={(e) => set({ normalize: e.target.checked ? null : { mean: [0.5], std: [0.5] } }, 'normalize')} />
        <span className="wg-field__name">Normalise with the dataset's statistics (MNIST: 0.1307, 0.3081)</span>
      </label>
      {norm ? (
        <div className="wg-grid2">
          <TextField label="Mean per channel" value={norm.mean.join(', ')} onChange={(v, s) => { const m = parseNumberList(v); if (m) setNorm({ mean: m }, 'normalize.mean', s); }} />
          <TextField label="Std per channel" value={norm.std.join(', ')} onChange={(v, s) => { const d = parseNumberList(v); if (d && d.every((x) => x > 0)) setNorm({ std: d }, 'normalize.std', s); }} />
        </div>
      ) : null}
    </>
  );
}
