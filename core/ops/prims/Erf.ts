import { unaryOp } from '../elementwise';

/** ONNX Erf, for GELU's exact form (PyTorch's default): d/dx erf(x) = 2/√π · e^(−x²). */
export const Erf = unaryOp('Erf', (b, x, _y, g) => b.mul(g, b.mul(b.scalar(2 / Math.sqrt(Math.PI)), b.op1('Exp', [b.neg(b.mul(x, x))]))));
