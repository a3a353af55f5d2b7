import type { OpRule } from './types';

/** Identity: the output is the input (no node on the canvas); constants stay constants. */
export const Identity: OpRule = {
  op: 'Identity',
  fold: (_node, [x]) => (x ? [x] : null),
  map: (node, ctx) => {
    const x = ctx.value(node.inputs[0]);
    if (!x) return false;
    ctx.bind(node.outputs[0], x);
    return true;
  },
};
