/**
 * Data augmentation and normalisation (torchvision's transforms: RandomResizedCrop,
 * RandomCrop, RandomHorizontalFlip, RandomRotation, ColorJitter, Normalize, RandomErasing).
 * Augmentation applies to training batches only; the preview shows it on real samples.
 */
import type { AugmentConfig, NormalizeConfig, TrainingConfig } from '../../core/graph/document';
import { datasetKind } from '../../core/data/kinds/index';
import { TextField } from '../inspector/TextField';
import { NumberField } from './NumberField';
import { AugmentPreview } from '../dataset/AugmentPreview';

interface Props {
  t: TrainingConfig;
  set(patch: Partial<TrainingConfig>, key: string, session?: number): void;
}

/** "0.5, 0.5, 0.5" → [0.5, 0.5, 0.5]; null when not a list of numbers. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
  return parts.length > 0 && parts.every((x) => Number.isFinite(x)) ? parts : null;
}

type Mode = 'default' | 'compute' | 'values';

function normalizeMode(n: TrainingConfig['normalize']): Mode {
  return n === null ? 'default' : n === 'compute' ? 'compute' : 'values';
}

function defaultText(kind: TrainingConfig['dataset']['kind']): string {
  const d = datasetKind(kind).defaultNormalize;
  return d === null ? 'none' : d === 'compute' ? 'computed from the training split' : `${d.mean.join(', ')} / ${d.std.join(', ')}`;
}

export function DataTransformSettings({ t, set }: Props) {
  const norm = t.normalize;
  const a = t.augment;
  const setAug = (patch: Partial<AugmentConfig>, key: string, session?: number) => set({ augment: { ...a, ...patch } }, `augment.${key}`, session);
  const values: NormalizeConfig | null = norm !== null && norm !== 'compute' ? norm : null;
  const setNorm = (patch: Partial<NormalizeConfig>, key: string, session?: number) =>
    set({ normalize: { mean: values?.mean ?? [0.5], std: values?.std ?? [0.5], ...patch } }, key, session);
  const jitter = a.color_jitter ?? { brightness: 0, contrast: 0, saturation: 0 };
  const erasing = a.random_erasing ?? { p: 0, scale: [0.02, 0.33] as [number, number], ratio: [0.3, 3.3] as [number, number], value: 0 };
  const images = datasetKind(t.dataset.kind).images;
  return (
    <>
      {images ? (
        <>
          <div className="wg-grid2">
            <NumberField label="Flip probability" min={0} max={1} value={a.hflip} hint="horizontal; 0 = off" onChange={(v, s) => setAug({ hflip: v }, 'hflip', s)} />
            <NumberField label="Rotation ±°" min={0} max={180} value={a.rotation} hint="random; 0 = off" onChange={(v, s) => setAug({ rotation: v }, 'rotation', s)} />
            <NumberField label="Crop padding" integer min={0} max={64} value={a.random_crop?.padding ?? 0} hint="RandomCrop; 0 = off" onChange={(v, s) => setAug({ random_crop: v > 0 ? { padding: v } : null }, 'random_crop', s)} />
            <NumberField
              label="Resized crop min scale"
              min={0}
              max={1}
              value={a.random_resized_crop?.scale[0] ?? 1}
              hint="RandomResizedCrop; 1 = off"
              onChange={(v, s) => setAug({ random_resized_crop: v < 1 ? { scale: [Math.max(v, 0.0001), 1], ratio: a.random_resized_crop?.ratio ?? [3 / 4, 4 / 3] } : null }, 'random_resized_crop', s)}
            />
            <NumberField label="Brightness" min={0} max={2} value={jitter.brightness} hint="ColorJitter; 0 = off" onChange={(v, s) => setAug({ color_jitter: { ...jitter, brightness: v } }, 'color_jitter.brightness', s)} />
            <NumberField label="Contrast" min={0} max={2} value={jitter.contrast} hint="ColorJitter; 0 = off" onChange={(v, s) => setAug({ color_jitter: { ...jitter, contrast: v } }, 'color_jitter.contrast', s)} />
            <NumberField label="Saturation" min={0} max={2} value={jitter.saturation} hint="ColorJitter; 0 = off" onChange={(v, s) => setAug({ color_jitter: { ...jitter, saturation: v } }, 'color_jitter.saturation', s)} />
            <NumberField label="Erasing probability" min={0} max={1} value={erasing.p} hint="RandomErasing; 0 = off" onChange={(v, s) => setAug({ random_erasing: v > 0 ? { ...erasing, p: v } : null }, 'random_erasing', s)} />
          </div>
          <AugmentPreview t={t} />
        </>
      ) : (
        <p className="wg-muted">Augmentation applies to images; this dataset has feature vectors.</p>
      )}
      <div className="wg-field">
        <label htmlFor="wg-normalize" className="wg-field__name">
          Normalisation
        </label>
        <select
          id="wg-normalize"
          className="wg-input"
          value={normalizeMode(norm)}
          onChange={(e) => {
            const m = e.target.value as Mode;
            set({ normalize: m === 'default' ? null : m === 'compute' ? 'compute' : { mean: [0.5], std: [0.5] } }, 'normalize');
          }}
        >
          <option value="default">Dataset default ({defaultText(t.dataset.kind)})</option>
          <option value="compute">Compute from the training split (per channel)</option>
          <option value="values">Mean and std per channel</option>
        </select>
      </div>
      {values ? (
        <div className="wg-grid2">
          <TextField label="Mean per channel" value={values.mean.join(', ')} onChange={(v, s) => { const m = parseNumberList(v); if (m) setNorm({ mean: m }, 'normalize.mean', s); }} />
          <TextField label="Std per channel" value={values.std.join(', ')} onChange={(v, s) => { const d = parseNumberList(v); if (d && d.every((x) => x > 0)) setNorm({ std: d }, 'normalize.std', s); }} />
        </div>
      ) : null}
    </>
  );
}
