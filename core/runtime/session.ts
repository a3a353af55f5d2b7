import os from 'node:os';
import * as ort from 'onnxruntime-node';

export interface SessionOptions {
  /** Execution provider: "cpu"; "cuda" where its provider is installed; "webgpu" (bundled, needs Vulkan on Linux; for measurements). */
  provider?: 'cpu' | 'cuda' | 'webgpu';
  deviceId?: number;
  /** Intra-op threads; defaults to the machine's cores. */
  threads?: number;
  /** Write ORT's per-op profile with this file prefix. */
  profilePrefix?: string;
}

export function defaultThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Session options measured on the training step graphs: intra-op threads = cores, sequential
 * execution (the parallel executor halved throughput) and the CPU arena on (~30% faster).
 */
export async function createSession(model: Uint8Array, opts: SessionOptions = {}): Promise<ort.InferenceSession> {
  const provider = opts.provider ?? 'cpu';
  const providers: ort.InferenceSession.ExecutionProviderConfig[] =
    provider === 'cuda'
      ? [{ name: 'cuda', deviceId: opts.deviceId ?? 0 } as ort.InferenceSession.ExecutionProviderConfig]
      : provider === 'webgpu'
        ? ['webgpu', 'cpu']
        : ['cpu'];
  return ort.InferenceSession.create(model, {
    executionProviders: providers,
    intraOpNumThreads: opts.threads ?? defaultThreads(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    enableCpuMemArena: true,
    graphOptimizationLevel: 'all',
    enableProfiling: !!opts.profilePrefix,
    profileFilePrefix: opts.profilePrefix,
  });
}

export { ort };
