import { defaultOptimizer, type TrainingConfig } from './document';

/**
 * Validates a training section, filling defaults; throws an Error whose message names the
 * field. Unknown fields are kept.
 */
export function validateTraining(raw: unknown, defaults: TrainingConfig): TrainingConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('"training" must be an object');
  const t = { ...defaults, ...(raw as Record<string, unknown>) } as TrainingConfig;
  const posInt = (name: keyof TrainingConfig) => {
    const v = t[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`training.${String(name)} must be a positive integer, got ${JSON.stringify(v)}`);
  };
  posInt('batch_size');
  posInt('epochs');
  if (typeof t.seed !== 'number' || !Number.isInteger(t.seed)) throw new Error(`training.seed must be an integer, got ${JSON.stringify(t.seed)}`);
  if (typeof t.validation_split !== 'number' || t.validation_split < 0 || t.validation_split >= 1) {
    throw new Error(`training.validation_split must be a number in [0, 1), got ${JSON.stringify(t.validation_split)}`);
  }
  if (typeof t.device !== 'string') throw new Error('training.device must be a string like "cpu"');
  validateDataset(t.dataset);
  const opt = (t.optimizer ?? {}) as unknown as Record<string, unknown>;
  const type = opt.type;
  if (type !== 'sgd' && type !== 'adam' && type !== 'adamw') {
    throw new Error(`training.optimizer.type must be "sgd", "adam" or "adamw", got ${JSON.stringify(type)}`);
  }
  t.optimizer = { ...defaultOptimizer(type), ...opt } as TrainingConfig['optimizer'];
  for (const [k, v] of Object.entries(t.optimizer)) {
    if (k === 'type') continue;
    const ok = k === 'nesterov' ? typeof v === 'boolean' : k === 'betas' ? Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && x >= 0 && x < 1) : typeof v === 'number' && Number.isFinite(v) && v >= 0;
    if (!ok) throw new Error(`training.optimizer.${k} has an invalid value ${JSON.stringify(v)}`);
  }
  t.augment = { ...{ hflip: 0, rotation: 0 }, ...(t.augment ?? {}) };
  return t;
}

/** The dataset section must name a known kind with the fields that kind needs. */
function validateDataset(d: unknown): void {
  const ds = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
  const need = (field: string) => {
    if (typeof ds[field] !== 'string') throw new Error(`training.dataset.${field} must be a file path (dataset kind "${ds.kind}")`);
  };
  switch (ds.kind) {
    case 'mnist':
      return;
    case 'idx':
      need('trainImages');
      need('trainLabels');
      return;
    case 'cifar10':
      need('dir');
      return;
    case 'random':
      if (ds.samples !== undefined && !(Number.isInteger(ds.samples) && (ds.samples as number) > 0)) throw new Error('training.dataset.samples must be a positive integer');
      if (ds.classes !== undefined && !(Number.isInteger(ds.classes) && (ds.classes as number) > 0)) throw new Error('training.dataset.classes must be a positive integer');
      return;
    default:
      throw new Error(`training.dataset.kind must be "mnist", "idx", "cifar10" or "random", got ${JSON.stringify(ds.kind)}`);
  }
}
