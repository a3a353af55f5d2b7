/**
 * The project document: what the user drew, saved as `*.wiregrad.json`.
 * Serialisable, versioned, free of derived data (shapes, diagnostics are recomputed)
 * and of UI state (selection, viewport). Unknown fields are carried through untouched
 * so that files written by a newer Wiregrad survive a round trip through an older one.
 */

export const DOCUMENT_VERSION = 1;

export interface Position {
  x: number;
  y: number;
}

export type ParamValue = number | boolean | string | number[] | null;

export interface DocNode {
  id: string;
  /** Layer type as PyTorch spells it: Input, Linear, Conv2d, ReLU, ... */
  type: string;
  params: Record<string, ParamValue>;
  position: Position;
  /** Optional user label shown in the node header. */
  label?: string;
  /**
   * false: the layer is frozen (PyTorch's requires_grad=False, for fine-tuning an import):
   * its parameters keep their values through training. Absent means trainable.
   */
  trainable?: boolean;
  [extra: string]: unknown;
}

export interface PortRef {
  node: string;
  port: string;
}

export interface DocEdge {
  id: string;
  from: PortRef;
  to: PortRef;
  [extra: string]: unknown;
}

/** Dataset specs, augmentation and normalisation are defined by the dataset-kind registry. */
export type { DatasetSpec } from '../data/kinds/index';
import type { DatasetSpec } from '../data/kinds/index';
import type { AugmentConfig, NormalizeSetting, NormalizeValues } from '../data/kinds/transforms';
export type { AugmentConfig, NormalizeSetting } from '../data/kinds/transforms';
/** Explicit per-channel mean/std. */
export type NormalizeConfig = NormalizeValues;
import { defaultDatasetSpec } from '../data/kinds/index';

export interface SgdConfig {
  type: 'sgd';
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weight_decay: number;
}

export interface AdamConfig {
  type: 'adam' | 'adamw';
  lr: number;
  betas: [number, number];
  eps: number;
  weight_decay: number;
}

export type OptimizerConfig = SgdConfig | AdamConfig;

export interface TrainingConfig {
  dataset: DatasetSpec;
  batch_size: number;
  epochs: number;
  optimizer: OptimizerConfig;
  seed: number;
  /** cpu | cuda:0 | cuda:0,1 | cuda:all | cpu:N */
  device: string;
  /** Fraction of the training file, taken from its end, held out for validation. 0 = none. */
  validation_split: number;
  shuffle: boolean;
  /** Per-channel normalisation after scaling to [0,1]; null = dataset default; 'compute' = from the training split. */
  normalize: NormalizeSetting;
  augment: AugmentConfig;
  [extra: string]: unknown;
}

export interface ProjectDocument {
  version: number;
  name: string;
  nodes: DocNode[];
  edges: DocEdge[];
  training: TrainingConfig;
  [extra: string]: unknown;
}

export function defaultOptimizer(type: OptimizerConfig['type']): OptimizerConfig {
  if (type === 'sgd') return { type, lr: 0.01, momentum: 0, dampening: 0, nesterov: false, weight_decay: 0 };
  return { type, lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weight_decay: type === 'adamw' ? 0.01 : 0 };
}

export function defaultTraining(): TrainingConfig {
  return {
    dataset: defaultDatasetSpec(),
    batch_size: 64,
    epochs: 1,
    optimizer: defaultOptimizer('sgd'),
    seed: 0,
    device: 'cpu',
    validation_split: 0,
    shuffle: true,
    normalize: null,
    augment: { hflip: 0, rotation: 0 },
  };
}

export function emptyDocument(name = 'Untitled'): ProjectDocument {
  return { version: DOCUMENT_VERSION, name, nodes: [], edges: [], training: defaultTraining() };
}
