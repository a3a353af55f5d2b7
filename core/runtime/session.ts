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
    extra: { 'session.intra_op.allow_spinning': '0', ...opts.config },
  });
}

export { ort };
