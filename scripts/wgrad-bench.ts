/**
 * Developer micro-benchmark: a conv layer's weight gradient on ORT's CPU kernels, as the
 * blocked Conv (ConvWeightGrad on ctx.nchwc) vs the standard-op decomposition, one layer at a
 * time, checked against each other. `npx tsx scripts/wgrad-bench.ts [N,C,H,M,k,stride,pad ...]`
 * (default: ResNet-8's and LeNet's layers at batch 64). THREADS=1 for single-threaded replicas.
 */
import { Builder } from '../core/ir/builder';
import { emitModel } from '../core/onnx/emit';
import { windowAttrs, type Window2d } from '../core/ops/convShapes';
import { weightGradDecomposed } from '../core/ops/convGrad';
import { createSession, nchwcBlockSize, ort } from '../core/runtime/session';

const DEFAULT_CASES = ['64,3,32,16,3,1,1', '64,16,32,16,3,1,1', '64,16,32,32,3,2,1', '64,16,32,32,1,2,0', '64,32,16,32,3,1,1', '64,32,16,64,3,2,1', '64,64,8,64,3,1,1', '64,6,14,16,5,1,0', '64,1,28,6,5,1,2'];

async function time(model: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<{ ms: number; out: Float32Array }> {
  const session = await createSession(model, { threads: Number(process.env.THREADS ?? 2) });
  let out = (await session.run(feeds)).dw.data as Float32Array;
  for (let i = 0; i < 3; i++) out = (await session.run(feeds)).dw.data as Float32Array;
  const t0 = performance.now();
  let runs = 0;
  while (performance.now() - t0 < 1000) {
    await session.run(feeds);
    runs++;
  }
  await session.release();
  return { ms: (performance.now() - t0) / runs, out };
}

async function main(): Promise<void> {
  const block = await nchwcBlockSize();
  const cases = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_CASES;
  console.log(`NCHWc block ${block}, ${process.env.THREADS ?? 2} threads`);
  for (const spec of cases) {
    const [n, c, h, m, k, s, p] = spec.split(',').map(Number);
    const win: Window2d = { kernel: [k, k], strides: [s, s], pads: [p, p, p, p], dilations: [1, 1], group: 1 };
    const oh = Math.floor((h + 2 * p - k) / s) + 1;
    const feeds = {
      x: new ort.Tensor('float32', new Float32Array(n * c * h * h).map(() => Math.random() - 0.5), [n, c, h, h]),
      g: new ort.Tensor('float32', new Float32Array(n * m * oh * oh).map(() => Math.random() - 0.5), [n, m, oh, oh]),
    };
    const build = (blocked: boolean) => {
      const b = new Builder();
      const x = b.input('x', [n, c, h, h]);
      const g = b.input('g', [n, m, oh, oh]);
      const { kernel_shape, strides, pads, dilations } = windowAttrs(win);
      b.output('dw', blocked ? b.op1('ConvWeightGrad', [x, g], { kernel_shape, strides, pads, dilations }) : weightGradDecomposed(b, g, x, [m, c, k, k], win));
      return emitModel(b.program(), { fastKernels: true, nchwc: block });
    };
    const dec = await time(build(false), feeds);
    const blk = await time(build(true), feeds);
    let err = 0;
    for (let i = 0; i < dec.out.length; i++) err = Math.max(err, Math.abs(blk.out[i] - dec.out[i]) / (Math.abs(dec.out[i]) + 1));
    console.log(`${spec.padEnd(20)} decomposed ${dec.ms.toFixed(2).padStart(6)} ms  blocked ${blk.ms.toFixed(2).padStart(6)} ms  ${(dec.ms / blk.ms).toFixed(2)}x  max rel diff ${err.toExponential(1)}`);
  }
}
void main();
