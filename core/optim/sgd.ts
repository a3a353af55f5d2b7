import type { SgdConfig } from '../graph/document';
import type { OptimizerDef } from './types';

/**
 * torch.optim.SGD: weight decay is added to the gradient; the momentum buffer starts as the
 * first gradient (no dampening on step 1); Nesterov looks ahead along the buffer.
 */
export const sgd: OptimizerDef<SgdConfig> = {
  type: 'sgd',
  stateNames: (cfg) => (cfg.momentum ? ['momentum_buffer'] : []),
  update(b, cfg, { params: p, grad: g, state, step, lr }) {
    let d = cfg.weight_decay ? b.add(g, b.mul(b.scalar(cfg.weight_decay), p)) : g;
    const newState = [];
    if (cfg.momentum) {
      const buf = state[0];
      // With the buffer initialised to 0, buf' = m·buf + c·d where c = 1 on the first step and
      // 1 − dampening afterwards reproduces PyTorch's "buf = d on the first step" exactly.
      const c = cfg.dampening
        ? b.sub(b.scalar(1), b.mul(b.scalar(cfg.dampening), b.op1('Cast', [b.op1('Greater', [step, b.scalar(0)])], { to: 'float32' })))
        : b.scalar(1);
      const next = b.add(b.mul(b.scalar(cfg.momentum), buf), b.mul(c, d));
      newState.push(next);
      d = cfg.nesterov ? b.add(d, b.mul(b.scalar(cfg.momentum), next)) : next;
    }
    return { params: b.sub(p, b.mul(lr, d)), state: newState };
  },
};
