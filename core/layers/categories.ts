import type { LayerCategory } from './types';

/**
 * The layer categories in palette order, with the group titles the UI shows (PyTorch's
 * documentation groups layers the same way). The palette, the node colours and the tests
 * read this list; a category missing here fails the registry test.
 */
export const LAYER_CATEGORIES: readonly { category: LayerCategory; title: string }[] = [
  { category: 'input', title: 'Input' },
  { category: 'layer', title: 'Layers' },
  { category: 'normalization', title: 'Normalization' },
  { category: 'dropout', title: 'Dropout' },
  { category: 'activation', title: 'Activations' },
  { category: 'pooling', title: 'Pooling' },
  { category: 'merge', title: 'Merge' },
  { category: 'reshape', title: 'Reshape' },
  { category: 'loss', title: 'Losses' },
  { category: 'block', title: 'Blocks' },
];
