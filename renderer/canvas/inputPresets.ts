/**
 * Input shapes to start from: the sample shapes the dataset kinds fix (MNIST's 1×28×28 digits,
 * CIFAR-10's 3×32×32 images), read from the dataset-kind registry. Pure.
 */
import type { DatasetKindDef } from '../../core/data/kinds/types';

export interface InputPreset {
  shape: number[];
  label: string;
  /** The datasets whose samples have this shape. */
  usedBy: string[];
}

export function inputPresets(kinds: readonly Pick<DatasetKindDef, 'short' | 'sampleShape'>[]): InputPreset[] {
  const byShape = new Map<string, InputPreset>();
  for (const k of kinds) {
    if (!k.sampleShape) continue;
    const label = k.sampleShape.join('×');
    const p = byShape.get(label) ?? { shape: [...k.sampleShape], label, usedBy: [] };
    p.usedBy.push(k.short);
    byShape.set(label, p);
  }
  return [...byShape.values()];
}
