import type { AdamConfig } from '../graph/document';
import { oneMinusPow } from './biasCorrection';
import type { OptimizerDef } from './types';

/**
 * torch.optim.Adam / AdamW (non-amsgrad): Adam adds weight decay to the gradient, AdamW
 * decays the parameters directly (decoupled); both use bias-corrected moments:
 * p -= lr/(1−β1^t) · m / (√v/√(1−β2^t) + eps).
 */
function adamLike(type: 'adam' | 'adamw'): OptimizerDef<AdamConfig> {
  return {
    type,
    stateNames: () => ['exp_avg', 'exp_avg_sq'],
    update(b, cfg, { params: p0, grad: g0, state: [m, v], step, lr }) {
      const [b1, b2] = cfg.betas;
      let p = p0;
      let g = g0;
      if (cfg.weight_decay && type === 'adamw') p = b.mul(p, b.sub(b.scalar(1), b.mul(lr, b.scalar(cfg.weight_decay))));
      if (cfg.weight_decay && type === 'adam') g = b.add(g, b.mul(b.scalar(cfg.weight_decay), p));
      const m1 = b.add(b.mul(b.scalar(b1), m), b.mul(b.scalar(1 - b1), g));
      const v1 = b.add(b.mul(b.scalar(b2), v), b.mul(b.scalar(1 - b2), b.mul(g, g)));
      const t = b.add(step, b.scalar(1));
      const bc1 = oneMinusPow(b, b1, t);
      const bc2 = oneMinusPow(b, b2, t);
      const stepSize = b.div(lr, bc1);
      const denom = b.add(b.div(b.op1('Sqrt', [v1]), b.op1('Sqrt', [bc2])), b.scalar(cfg.eps));
      return { params: b.sub(p, b.mul(stepSize, b.div(m1, denom))), state: [m1, v1] };
    },
  };
}

export const adam = adamLike('adam');
export const adamw = adamLike('adamw');
