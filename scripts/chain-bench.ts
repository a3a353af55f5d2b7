// Where does compile + session creation time go for an N-layer chain? (developer script)
// Usage: npx tsx scripts/chain-bench.ts [LAYERS] [K]   (K > 1: the K-step Loop model instead)
import { checkDocument } from '../core/check/check';
import { buildProgram } from '../core/compile/programs';
import { emitModel } from '../core/onnx/emit';
import { emitLoopModel } from '../core/onnx/loop';
import { createSession } from '../core/runtime/session';
import { chainDoc } from '../test/helpers/docs';

async function main() {
  const n = Number(process.argv[2] ?? 1000);
  const layers: [string, Record<string, number>?][] = [];
  for (let i = 0; i < n; i++) layers.push(i % 2 ? ['ReLU'] : ['Linear', { out_features: 16 }]);
  layers.push(['Linear', { out_features: 10 }]);
  let t = performance.now();
  const lap = (what: string) => {
    const now = performance.now();
    console.log(`${what}: ${(now - t).toFixed(0)} ms`);
    t = now;
  };
  const doc = chainDoc([16], layers, 'CrossEntropyLoss', { dataset: { kind: 'random', samples: 64, classes: 10 } });
  lap('parse');
  const check = checkDocument(doc);
  lap('check');
  const c = buildProgram(doc, 'train', 32, check);
  lap(`build program (${c.program.nodes.length} IR nodes)`);
  const k = Number(process.argv[3] ?? 1);
  const bytes = k > 1 ? emitLoopModel(c.program, c.signature, k, { fastKernels: true }) : emitModel(c.program, { fastKernels: true, ortOrder: process.env.ORT_ORDER !== '0' });
  lap(`emit (${(bytes.length / 1e6).toFixed(1)} MB)`);
  const s = await createSession(bytes, { threads: 2 });
  lap('ORT session');
  await s.release();
}
void main();
