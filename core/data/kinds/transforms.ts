/**
 * Schemas of the training section's data transforms (augmentation, normalisation), kept
 * next to the dataset kinds; the training-config schema (core/graph/trainingConfig.ts)
 * embeds them with datasetSpecSchema. Names follow torchvision's transforms; messages follow
 * core/graph/schemaIssues ("training.augment.hflip must be a probability in [0, 1], got 2").
 */
import { z } from 'zod';

const is = (error: string) => ({ error });
const number = (what: string) => z.number(is(`must be ${what}`)).refine(Number.isFinite, is(`must be ${what}`));
const within = (lo: number, hi: number, what: string) => number(what).refine((v) => v >= lo && v <= hi, is(`must be ${what}`));
const range = (lo: number, hi: number, what: string) =>
  z.tuple([within(lo, hi, what), within(lo, hi, what)], is(`must be [min, max], each ${what}`)).refine(([a, b]) => a <= b, is('must be [min, max] with min ≤ max'));

export const augmentSchema = z.looseObject(
  {
    /** RandomHorizontalFlip(p); 0 = off. */
    hflip: within(0, 1, 'a probability in [0, 1]').default(0),
    /** RandomRotation(degrees): uniform in [-degrees, degrees]; 0 = off. */
    rotation: within(0, 360, 'degrees in [0, 360]').default(0),
    /** RandomCrop(size = the Input shape, padding): zero-pad each side, crop back; 0 = off. */
    random_crop: z.object({ padding: z.int(is('must be a whole number of pixels')).min(0, is('must be ≥ 0')).max(1024, is('must be ≤ 1024')) }, is('must be {"padding": N} or null')).nullable().optional(),
    /** RandomResizedCrop(size = the Input shape, scale, ratio), bilinear. */
    random_resized_crop: z
      .object({ scale: range(0.0001, 1, 'a fraction in (0, 1]'), ratio: range(0.01, 100, 'an aspect ratio in [0.01, 100]') }, is('must be {"scale": [min, max], "ratio": [min, max]} or null'))
      .nullable()
      .optional(),
    /** ColorJitter(brightness, contrast, saturation): factors uniform in [max(0, 1-v), 1+v]; 0 = off. */
    color_jitter: z
      .object({ brightness: within(0, 10, 'a number in [0, 10]'), contrast: within(0, 10, 'a number in [0, 10]'), saturation: within(0, 10, 'a number in [0, 10]') }, is('must be {"brightness", "contrast", "saturation"} or null'))
      .nullable()
      .optional(),
    /** RandomErasing(p, scale, ratio, value) on the normalised tensor. */
    random_erasing: z
      .object({ p: within(0, 1, 'a probability in [0, 1]'), scale: range(0, 1, 'a fraction in [0, 1]'), ratio: range(0.01, 100, 'an aspect ratio in [0.01, 100]'), value: number('a number') }, is('must be {"p", "scale", "ratio", "value"} or null'))
      .nullable()
      .optional(),
  },
  is('must be an object'),
);
export type AugmentConfig = z.infer<typeof augmentSchema>;

export const normalizeValuesSchema = z
  .looseObject({
    mean: z.array(number('a number'), is('must be a list of numbers, one per channel')).min(1, is('must list at least one value')).max(4096),
    std: z.array(number('a number > 0').refine((v) => v > 0, is('must be > 0')), is('must be a list of numbers > 0, one per channel')).min(1, is('must list at least one value')).max(4096),
  })
  // One value broadcasts over all channels (torchvision's rule); otherwise one per channel on both sides.
  .refine((n) => n.mean.length === n.std.length || n.mean.length === 1 || n.std.length === 1, is('needs as many mean values as std values (or a single value for all channels)'));
export type NormalizeValues = z.infer<typeof normalizeValuesSchema>;

/** null: the dataset kind's default; 'compute': per-channel mean/std of the training split; or explicit values. */
export const normalizeSchema = z.union([z.null(), z.literal('compute'), normalizeValuesSchema], is('must be null (the dataset default), "compute" or {"mean": [...], "std": [...]}'));
export type NormalizeSetting = z.infer<typeof normalizeSchema>;
