/**
 * The per-sample shape a dataset kind always delivers, where the kind fixes it (MNIST's
 * 1×28×28 digits, CIFAR-10's 3×32×32 images), and the kinds to offer for a shape. Random data
 * takes the Input's shape, and files (IDX, CSV, image folders) are only known once read, so
 * those give null: nothing to check before reading them. Browser-safe: the checker (and so
 * the editor) imports it.
 *
 * Stand-in until the dataset-kind registry lands in core/data: this is the one place that
 * names kinds for the check, to be read from the registry's own per-kind shape then.
 */
import type { DatasetSpec } from '../graph/document';

interface FixedShape {
  /** How a user names it: "MNIST". */
  name: string;
  shape: number[];
  /** The spec a user gets when switching to it (a CIFAR-10 folder still has to be chosen). */
  create(): DatasetSpec;
}

const FIXED: Partial<Record<DatasetSpec['kind'], FixedShape>> = {
  mnist: { name: 'MNIST', shape: [1, 28, 28], create: () => ({ kind: 'mnist' }) },
  cifar10: { name: 'CIFAR-10', shape: [3, 32, 32], create: () => ({ kind: 'cifar10', dir: '' }) },
};

export function fixedSampleShape(spec: Pick<DatasetSpec, 'kind'>): { name: string; shape: number[] } | null {
  const f = FIXED[spec.kind];
  return f ? { name: f.name, shape: [...f.shape] } : null;
}

/** Dataset kinds whose samples have exactly `shape`, as specs to switch to. */
export function datasetsWithShape(shape: readonly number[]): { name: string; spec: DatasetSpec }[] {
  return Object.values(FIXED)
    .filter((f): f is FixedShape => !!f && f.shape.length === shape.length && f.shape.every((d, i) => d === shape[i]))
    .map((f) => ({ name: f.name, spec: f.create() }));
}
