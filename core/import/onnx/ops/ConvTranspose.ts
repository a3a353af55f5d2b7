import { mapConvLike } from './Conv';
import type { OpRule } from './types';

/** ConvTranspose with pads and output_padding (as torch.onnx.export writes it) → nn.ConvTranspose2d. */
export const ConvTranspose: OpRule = {
  op: 'ConvTranspose',
  map: (node, ctx) => mapConvLike(node, ctx, true),
};
