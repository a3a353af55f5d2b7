import { CompileError } from '../../ir/errors';
import type { PrimitiveOp } from '../types';

/**
 * Inference-form batch normalization over axis 1 (ONNX BatchNormalization with running
 * statistics): y = (x − mean) / √(var + epsilon) · scale + B. Used by eval programs and
 * exports; training lowers BatchNorm to reductions instead (core/layers/batchNorm.ts), so
 * this op needs no gradient.
 */
export const BatchNormalization: PrimitiveOp = {
  name: 'BatchNormalization',
  infer: ([x, scale, bias, mean, variance]) => {
    const c = x.shape[1];
    for (const [name, v] of [['scale', scale], ['B', bias], ['mean', mean], ['var', variance]] as const) {
      if (!v || v.shape.length !== 1 || v.shape[0] !== c) throw new CompileError('IR_SHAPE', `BatchNormalization: ${name} must have shape [${c}]`);
    }
    return [{ shape: [...x.shape], dtype: 'float32' }];
  },
};
