import type { OpRunner } from '../import/onnx/probe';
import { createSession, ort } from './session';

/** The importer's OpRunner on ONNX Runtime (CPU, one thread): the output dims of a one-node model. */
export const ortOpRunner: OpRunner = async (model, feeds) => {
  const s = await createSession(model, { threads: 1 });
  try {
    const out = await s.run(Object.fromEntries(feeds.map((f) => [f.name, new ort.Tensor('float32', f.data, f.dims)])));
    return s.outputNames.map((n) => [...out[n].dims]);
  } finally {
    await s.release();
  }
};
