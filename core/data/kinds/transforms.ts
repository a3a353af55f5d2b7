/**
 * Schemas of the training section's data transforms (augmentation, normalisation), kept
 * next to the dataset kinds so the training-config validator calls one function for all of
 * its data fields (validateDataConfig). Names follow torchvision's transforms.
 */
import { z } from 'zod';
import { validateDatasetSpec, zodProblem, type DatasetSpec } from './index';

const range = (lo: number, hi: number, what: string) =>
  z.tuple([z.number().min(lo).max(hi), z.number().min(lo).max(hi)]).refine(([a, b]) => a <= b, `${what} must be [min, max] with min ≤ max`);

export const augmentSchema = z.looseObject({
  /** RandomHorizontalFlip(p); 0 = off. */
  hflip: z.number().min(0).max(1).default(0),
  /** RandomRotation(degrees): uniform in [-degrees, degrees]; 0 = off. */
  rotation: z.number().min(0).max(360).default(0),
  /** RandomCrop(size = the Input shape, padding): zero-pad each side, crop back; 0 = off. */
  random_crop: z.object({ padding: z.int().min(0).max(1024) }).nullable().optional(),
  /** RandomResizedCrop(size = the Input shape, scale, ratio), bilinear. */
  random_resized_crop: z.object({ scale: range(0.0001, 1, 'scale'), ratio: range(0.01, 100, 'ratio') }).nullable().optional(),
  /** ColorJitter(brightness, contrast, saturation): factors uniform in [max(0, 1-v), 1+v]; 0 = off. */
  color_jitter: z.object({ brightness: z.number().min(0).max(10), contrast: z.number().min(0).max(10), saturation: z.number().min(0).max(10) }).nullable().optional(),
  /** RandomErasing(p, scale, ratio, value) on the normalised tensor. */
  random_erasing: z.object({ p: z.number().min(0).max(1), scale: range(0, 1, 'scale'), ratio: range(0.01, 100, 'ratio'), value: z.number().finite() }).nullable().optional(),
});
export type AugmentConfig = z.infer<typeof augmentSchema>;

export const normalizeValuesSchema = z.object({
  mean: z.array(z.number().finite()).min(1).max(4096),
  std: z.array(z.number().finite().positive('must be > 0')).min(1).max(4096),
});
export type NormalizeValues = z.infer<typeof normalizeValuesSchema>;

/** null: the dataset kind's default; 'compute': per-channel mean/std of the training split; or explicit values. */
export const normalizeSchema = z.union([z.null(), z.literal('compute'), normalizeValuesSchema]);
export type NormalizeSetting = z.infer<typeof normalizeSchema>;

export const DEFAULT_AUGMENT: AugmentConfig = { hflip: 0, rotation: 0 };

export interface DataConfig {
  dataset: DatasetSpec;
  augment: AugmentConfig;
  normalize: NormalizeSetting;
}

/**
 * The one entry point the training-config validator calls: checks (and fills defaults of)
 * training.dataset, training.augment and training.normalize; throws an Error naming the field.
 */
export function validateDataConfig(t: { dataset?: unknown; augment?: unknown; normalize?: unknown }): DataConfig {
  const dataset = validateDatasetSpec(t.dataset, 'training.dataset');
  const a = augmentSchema.safeParse(t.augment ?? {});
  if (!a.success) throw new Error(zodProblem(a.error, 'training.augment'));
  const n = normalizeSchema.safeParse(t.normalize ?? null);
  if (!n.success) throw new Error(zodProblem(n.error, 'training.normalize') + ' (null, "compute" or {"mean": [...], "std": [...]})');
  return { dataset, augment: a.data, normalize: n.data };
}
