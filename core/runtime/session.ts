import os from 'node:os';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import type { StepKernels } from '../onnx/emit';
import { NCHWC_DOMAIN } from '../ops/nchwcConv';

export interface SessionOptions {
  /** Execution provider: "cpu"; "cuda" where its provider is installed; "webgpu" (bundled, needs Vulkan on Linux; for measurements). */
  provider?: 'cpu' | 'cuda' | 'webgpu';
  deviceId?: number;
  /** Intra-op threads; defaults to the machine's cores. */
  threads?: number;
  /** Write ORT's per-op profile with this file prefix. */
  profilePrefix?: string;
  /** ORT session config entries (onnxruntime_session_options_config_keys.h), e.g. {"session.intra_op.allow_spinning": "0"}. */
  config?: Record<string, string>;
}

export function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Session options measured on the training step graphs: intra-op threads = cores, sequential
 * execution (the parallel executor halved throughput) and the CPU arena on (~30% faster).
 * The intra-op threads sleep between parallel sections instead of spinning: a spinning pool
 * takes the cores from everything else the run does (the training loop, the data worker, the
 * app's UI, replicas' other sessions); on MNIST with other work on the machine a spinning
 * pool used 1.6x the CPU time for the same epoch and was slower, not faster.
 * Measurement knobs only (defaults unchanged): WIREGRAD_ORT_EXEC=parallel, WIREGRAD_ORT_INTRA=N,
 * WIREGRAD_ORT_INTER=N, WIREGRAD_ORT_SPIN=1. ResNet-8 b64, 2 cores (2026-12-02, paired rounds):
 * quiet machine (load 0.2–1) one round each (intra/inter threads): sequential 2/1 251 samples/s, parallel 2/1
 * 280, parallel 2/2 262, parallel 1/2 214; loaded machine (load 5–10), 3 rounds vs
 * sequential: parallel 2/1 1.02–1.10x (sgd) and 1.2–2.5x (adam), 2/2 0.45–1.6x, spinning 0.4–4x.
 * Re-measured quiet (load 1.6–1.8, 2 alternating rounds), parallel 2/1 ÷ sequential: b64 sgd
 * 0.98/0.89, b64 adam 0.96/0.88, b128 sgd 0.78/0.98, b128 adam 0.88/1.01, so sequential stays.
 */
export async function createSession(model: Uint8Array, opts: SessionOptions = {}): Promise<ort.InferenceSession> {
  const provider = opts.provider ?? 'cpu';
  const providers: ort.InferenceSession.ExecutionProviderConfig[] =
    provider === 'cuda'
      ? [{ name: 'cuda', deviceId: opts.deviceId ?? 0 } as ort.InferenceSession.ExecutionProviderConfig]
      : provider === 'webgpu'
        ? ['webgpu', 'cpu']
        : ['cpu'];
  const spin = process.env.WIREGRAD_ORT_SPIN === '1' ? '1' : '0';
  return ort.InferenceSession.create(model, {
    executionProviders: providers,
    intraOpNumThreads: envNumber('WIREGRAD_ORT_INTRA') ?? opts.threads ?? defaultThreads(),
    interOpNumThreads: envNumber('WIREGRAD_ORT_INTER') ?? 1,
    executionMode: process.env.WIREGRAD_ORT_EXEC === 'parallel' ? 'parallel' : 'sequential',
    enableCpuMemArena: true,
    graphOptimizationLevel: graphOptimizationFor(model),
    enableProfiling: !!opts.profilePrefix,
    profileFilePrefix: opts.profilePrefix,
    extra: { 'session.intra_op.allow_spinning': spin, 'session.inter_op.allow_spinning': spin, ...opts.config },
  });
}

type OptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

/** Above this many ONNX nodes (Loop bodies included) ORT's graph optimizations are skipped; see graphOptimizationFor. */
export const GRAPH_OPTIMIZATION_NODE_LIMIT = 4000;

/**
 * ORT's graph optimizations (level 'all') for every model but very large ones. Their cost grows
 * faster than the graph (each pass re-resolves the whole graph, up to 10 rounds): session
 * creation of an N-layer Linear/ReLU chain (2026-12-02, 2 cores) took, 'all' against
 * 'disabled', 1k layers 0.91 / 0.27 s, 2k 2.6 / 0.71 s, 4k ~9 / 1.1 s, and as a K = 4 Loop 1.1 /
 * 0.38, 3.3 / 0.93, 11 / 2.3 s; 'basic' alone was most of that (1k Loop 0.73 s). The steps did
 * not gain from them at that size (1k layers: 10.0–11.3 ms 'all', 8.8–12.1 ms 'disabled'),
 * because the emitter already writes the forms ORT would fuse into. The templates (ResNet-8 has
 * ~700 nodes) keep 'all'. WIREGRAD_ORT_OPT=<level> overrides it (measurements only).
 */
export function graphOptimizationFor(model: Uint8Array): OptimizationLevel {
  const forced = process.env.WIREGRAD_ORT_OPT;
  if (forced === 'disabled' || forced === 'basic' || forced === 'extended' || forced === 'all') return forced;
  // A model this small cannot hold the limit's nodes (each takes well over 16 bytes): no decode.
  if (model.length < GRAPH_OPTIMIZATION_NODE_LIMIT * 16) return 'all';
  return countNodes(onnx.ModelProto.decode(model).graph) > GRAPH_OPTIMIZATION_NODE_LIMIT ? 'disabled' : 'all';
}

function countNodes(graph: onnx.IGraphProto | null | undefined): number {
  let n = 0;
  for (const node of graph?.node ?? []) {
    n++;
    for (const a of node.attribute ?? []) n += countNodes(a.g) + (a.graphs ?? []).reduce((s, g) => s + countNodes(g), 0);
  }
  return n;
}

/** A positive integer from the environment (the A/B knobs above), else undefined. */
function envNumber(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

/**
 * A training-step session for a model emitted by `emit(kernels)`: on ORT's CPU provider with
 * its blocked conv kernels (EmitOptions.nchwc, ~1.3–2x faster conv steps), falling back to
 * standard ops only if that session cannot be created, and with the ops checked on that
 * provider only (EmitOptions.cpuProvider). WIREGRAD_NCHWC=0 turns the blocked kernels off
 * (for side-by-side measurements).
 */
export async function createStepSession(emit: (kernels: StepKernels) => Uint8Array, opts: SessionOptions = {}): Promise<ort.InferenceSession> {
  const cpuProvider = (opts.provider ?? 'cpu') === 'cpu';
  const block = cpuProvider && process.env.WIREGRAD_NCHWC !== '0' ? await nchwcBlockSize() : 0;
  if (block > 0) {
    try {
      return await createSession(emit({ nchwc: block, cpuProvider }), opts);
    } catch {
      // An ORT build without the NCHWc contrib kernels: the standard ops below.
    }
  }
  return createSession(emit({ nchwc: 0, cpuProvider }), opts);
}

let blockSize: Promise<number> | undefined;

/**
 * MLAS's NCHWc channel block (8 with AVX2, 16 with AVX-512) as this process's ORT reports it:
 * ReorderInput pads 4 channels up to one block. 0 where the contrib op is missing.
 */
export function nchwcBlockSize(): Promise<number> {
  blockSize ??= (async () => {
    const info = (name: string, dims: number[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
    const model = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }, { domain: NCHWC_DOMAIN, version: 1 }],
      graph: { name: 'probe', node: [{ opType: 'ReorderInput', domain: NCHWC_DOMAIN, input: ['x'], output: ['y'], name: 'probe' }], input: [info('x', [1, 4, 1, 1])], output: [{ name: 'y', type: { tensorType: { elemType: 1 } } }] },
    }).finish();
    try {
      const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
      const out = await session.run({ x: new ort.Tensor('float32', new Float32Array(4), [1, 4, 1, 1]) });
      await session.release();
      const c = out.y.dims[1];
      return c >= 4 && c % 4 === 0 ? c : 0;
    } catch {
      return 0;
    }
  })();
  return blockSize;
}

export { ort };
