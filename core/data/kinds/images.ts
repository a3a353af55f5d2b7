import { z } from 'zod';
import { DEFAULT_TEST_SPLIT, filePath, testFraction } from './schemaParts';
import type { DatasetKindDef } from './types';

/**
 * A folder of images, one subfolder per class (class names = folder names, sorted as
 * torchvision's ImageFolder sorts them), either with train/ and test/ subfolders or split by
 * `testSplit`. Images are resized (centre-cropped when the aspect differs) to the Input shape.
 */
export const imagesSchema = z.looseObject({
  kind: z.literal('images'),
  dir: filePath,
  /** Used only when the folder has no train/ and test/ subfolders; 0 = no test set. */
  testSplit: testFraction.optional(),
});
export type ImagesSpec = z.infer<typeof imagesSchema>;

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.bmp'];

export const images: DatasetKindDef<ImagesSpec> = {
  kind: 'images',
  label: 'Image folder (one subfolder per class)',
  short: 'Image folder',
  schema: imagesSchema,
  fields: [
    { name: 'dir', label: 'Image folder', type: 'dir', placeholder: '…/pets (cat/, dog/ … or train/ and test/)', doc: 'PNG, JPEG, WebP or BMP files in one subfolder per class' },
    { name: 'testSplit', label: 'Test split', type: 'fraction', optional: true, default: DEFAULT_TEST_SPLIT, doc: `held out for testing when there is no test/ folder (default ${DEFAULT_TEST_SPLIT})` },
  ],
  create: () => ({ kind: 'images', dir: '' }),
  defaultNormalize: null,
  images: true,
  defaultShape: [3, 64, 64],
  fromPath: (p) => (p.isDir ? { kind: 'images', dir: p.path } : null),
};
