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
import type { ScheduleConfig } from '../optim/schedules/types';

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
  /** Learning-rate schedule (core/optim/schedules); absent or null = the optimizer's lr throughout. */
  schedule?: ScheduleConfig | null;
  /** Clip the gradient to this global L2 norm before each update (torch.nn.utils.clip_grad_norm_); absent or null = no clipping. */
  clip_grad_norm?: number | null;
  /** Stop when a metric stops improving (core/train/earlyStopping.ts); absent or null = never. */
  early_stopping?: EarlyStoppingConfig | null;
  /** The metric that picks the "best" checkpoint; default val_loss (training loss without a validation split). */
  best_metric?: MonitoredMetric;
  [extra: string]: unknown;
}

/** An inner parameter an exposed block parameter sets (`out_channels` → node `conv`'s `out_channels`). */
export interface ParamBinding {
  node: string;
  param: string;
}

export interface BlockParam {
  /** Value an instance gets when it does not set the parameter itself. */
  default: ParamValue;
  bind: ParamBinding[];
}

/**
 * A pin of a block: the inner node port it stands for. Several input pins with the same name
 * feed several inner ports from one outside edge (a residual block's input goes to the first
 * conv and to the shortcut); output pin names are unique.
 */
export interface BlockPin {
  name: string;
  node: string;
  port: string;
}

/**
 * A composite layer defined in the project (the course's `CustomLayer`): an instance is a
 * node whose `type` is the block's name and whose params are the exposed ones. Inner ids are
 * local to the definition; compiled names carry the instance path (`res1/conv1.weight`).
 */
export interface BlockDef {
  params: Record<string, BlockParam>;
  inputs: BlockPin[];
  outputs: BlockPin[];
  nodes: DocNode[];
  edges: DocEdge[];
  /** One line for the palette and the inspector. */
  doc?: string;
  [extra: string]: unknown;
}

/** Epoch metrics a run can watch (validation ones fall back to training ones without a validation split). */
export type MonitoredMetric = 'val_loss' | 'val_accuracy' | 'train_loss' | 'train_accuracy';

export interface EarlyStoppingConfig {
  monitor: MonitoredMetric;
  /** Epochs without an improvement of more than min_delta before the run stops. */
  patience: number;
  min_delta: number;
}

export interface ProjectDocument {
  version: number;
  name: string;
  nodes: DocNode[];
  edges: DocEdge[];
  training: TrainingConfig;
  /** Composite blocks by name; absent when the project defines none. */
  blocks?: Record<string, BlockDef>;
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
