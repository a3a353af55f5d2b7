import type { AdamConfig, OptimizerConfig, SgdConfig } from '../../graph/document';
import { pyLiteral } from '../../layers/torch';

type Config<T extends OptimizerConfig['type']> = Extract<OptimizerConfig, { type: T }>;

/** torch.optim with every hyper-parameter spelled out, so the script shows what trains. */
const sgd = (c: SgdConfig) =>
  `torch.optim.SGD(parameters, lr=${pyLiteral(c.lr)}, momentum=${pyLiteral(c.momentum)}, dampening=${pyLiteral(c.dampening)}, nesterov=${pyLiteral(c.nesterov)}, weight_decay=${pyLiteral(c.weight_decay)})`;

const adamLike = (cls: string) => (c: AdamConfig) =>
  `torch.optim.${cls}(parameters, lr=${pyLiteral(c.lr)}, betas=(${c.betas.map(pyLiteral).join(', ')}), eps=${pyLiteral(c.eps)}, weight_decay=${pyLiteral(c.weight_decay)})`;

/** One entry per optimizer type of the document schema (a missing one is a compile error). */
const torchOptimizers: { [T in OptimizerConfig['type']]: (c: Config<T>) => string } = {
  sgd,
  adam: adamLike('Adam'),
  adamw: adamLike('AdamW'),
};

/** Python: `def make_optimizer(parameters)` with the project's optimizer. */
export function optimizerSource(cfg: OptimizerConfig): string {
  const make = torchOptimizers[cfg.type] as (c: OptimizerConfig) => string;
  return [
    'def make_optimizer(parameters):',
    `    """The project's optimizer (${cfg.type}) and hyper-parameters (make_scheduler changes the lr over the run)."""`,
    `    return ${make(cfg)}`,
  ].join('\n');
}
