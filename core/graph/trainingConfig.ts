import { validateDataConfig } from '../data/kinds/transforms';
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
  Object.assign(t, validateDataConfig(t));
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
  return t;
}
