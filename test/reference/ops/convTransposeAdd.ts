import { splitAttrs } from '../../../core/ops/convShapes';
import { ConvTranspose } from './convTranspose';
import { Add } from './elementwise';
import type { RefOp } from './types';

/** ConvTransposeAdd(G, W, GS, WS) = ConvTranspose(G, W) + ConvTranspose(GS, WS), the shortcut's window under `shortcut_` attributes. */
export const ConvTransposeAdd: RefOp = ([g, w, gs, ws], attrs) => {
  const [main, shortcut] = splitAttrs(attrs);
  return Add([ConvTranspose([g, w], main)[0], ConvTranspose([gs, ws], shortcut)[0]], {});
};
