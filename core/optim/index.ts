/** THE registry of optimizers. */
import type { OptimizerConfig } from '../graph/document';
import { CompileError } from '../ir/errors';
import { adam, adamw } from './adam';
import { sgd } from './sgd';
import type { OptimizerDef } from './types';

const optimizers = new Map<string, OptimizerDef>(
  ([sgd, adam, adamw] as OptimizerDef[]).map((o) => [o.type, o]),
);

export function getOptimizer(cfg: OptimizerConfig): OptimizerDef {
  const def = optimizers.get(cfg.type);
  if (!def) throw new CompileError('OPTIMIZER_UNKNOWN', `Unknown optimizer "${cfg.type}"; use sgd, adam or adamw`);
  return def;
}
