import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { summarizeProviderError } from './providerError';

/**
 * Whether onnxruntime-node's CUDA execution provider is usable: its provider library must
 * sit beside libonnxruntime.so.1 in onnxruntime-node's bin folder, and must load (it needs
 * the CUDA, cuBLAS and cuDNN libraries of the versions it was built for). Loading is tried in
 * a child process so that a crash inside the provider cannot take the caller down.
 */
/** What the provider needs on the machine (shown by setup:cuda, `wiregrad devices` and refusals). */
export const CUDA_REQUIREMENTS =
  "an NVIDIA driver plus CUDA 12.x and cuDNN 9 on the library path for onnxruntime-node's own (cuda12) provider; " +
  'CUDA 13, cuBLAS 13 and cuDNN 9 for the provider installed with --from-npm-package';

export const CUDA_FIX = `To use a GPU, run "npm run setup:cuda" (it needs ${CUDA_REQUIREMENTS}); otherwise train with --device cpu.`;

export interface CudaProviderStatus {
  /** The provider library file is present. */
  installed: boolean;
  /** A tiny session with the CUDA provider was created (only tried when installed and asked for). */
  loadable?: boolean;
  /** onnxruntime-node's native folder (where libonnxruntime.so.1 lives). */
  binDir: string | null;
  library: string | null;
  /** Why it is not usable, in plain words. */
  problem?: string;
}

export class CudaUnavailableError extends Error {
  readonly code = 'CUDA_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'CudaUnavailableError';
  }
}

function nodeRequire(): NodeRequire {
  return typeof require === 'function' && typeof require.resolve === 'function' ? require : createRequire(import.meta.url);
}

/** onnxruntime-node's package folder. */
export function ortPackageDir(): string | null {
  try {
    let dir = path.dirname(nodeRequire().resolve('onnxruntime-node'));
    for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bin'))) return dir;
    }
  } catch {
    /* not installed */
  }
  return null;
}

/** The folder holding libonnxruntime.so.1 for this platform (bin/napi-v*\/<os>/<arch>). */
export function ortBinDir(pkgDir = ortPackageDir()): string | null {
  if (!pkgDir) return null;
  const bin = path.join(pkgDir, 'bin');
  if (!fs.existsSync(bin)) return null;
  for (const napi of fs.readdirSync(bin).filter((d) => d.startsWith('napi-v')).sort().reverse()) {
    const dir = path.join(bin, napi, process.platform, process.arch);
    if (fs.existsSync(dir)) return dir;
  }
  return null;
}

export const CUDA_PROVIDER_LIB = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
export const SHARED_PROVIDER_LIB = process.platform === 'win32' ? 'onnxruntime_providers_shared.dll' : 'libonnxruntime_providers_shared.so';

/** Is the provider library installed? (No load attempt: cheap.) */
export function cudaProviderInstalled(binDir = ortBinDir()): CudaProviderStatus {
  if (!binDir) return { installed: false, binDir: null, library: null, problem: 'onnxruntime-node is not installed' };
  const library = path.join(binDir, CUDA_PROVIDER_LIB);
  if (!fs.existsSync(library)) {
    return { installed: false, binDir, library: null, problem: `onnxruntime-node's CUDA provider (${CUDA_PROVIDER_LIB}) is not installed in ${binDir}` };
  }
  if (!fs.existsSync(path.join(binDir, SHARED_PROVIDER_LIB))) {
    return { installed: false, binDir, library, problem: `${CUDA_PROVIDER_LIB} is there but ${SHARED_PROVIDER_LIB} is missing from ${binDir}` };
  }
  return { installed: true, binDir, library };
}

/**
 * A one-node ONNX model (Y = X + X, float [2]) as bytes, hand-encoded so the probe child
 * needs nothing but onnxruntime-node.
 */
export function tinyModel(): Uint8Array {
  const str = (field: number, s: string) => [field << 3 | 2, ...varint(Buffer.byteLength(s)), ...Buffer.from(s)];
  const msg = (field: number, body: number[]) => [field << 3 | 2, ...varint(body.length), ...body];
  const int = (field: number, v: number) => [field << 3, ...varint(v)];
  const tensorType = msg(1, [...int(1, 1), ...msg(2, msg(1, int(1, 2)))]); // TypeProto.tensor_type{elem_type=FLOAT, shape{dim{dim_value=2}}}
  const valueInfo = (name: string) => [...str(1, name), ...msg(2, tensorType)];
  const node = [...str(1, 'X'), ...str(1, 'X'), ...str(2, 'Y'), ...str(3, 'add'), ...str(4, 'Add')];
  const graph = [...msg(1, node), ...str(2, 'probe'), ...msg(11, valueInfo('X')), ...msg(12, valueInfo('Y'))];
  const opset = [...str(1, ''), ...int(2, 13)];
  return Uint8Array.from([...int(1, 8), ...msg(7, graph), ...msg(8, opset)]);
}

function varint(v: number): number[] {
  const out: number[] = [];
  while (v > 127) {
    out.push((v & 127) | 128);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

export interface ProbeResult {
  ok: boolean;
  error?: string;
}

/**
 * Creates a tiny session with the given execution provider in a child process and runs it
 * once. A provider that cannot load its libraries throws there (or kills the child), never here.
 */
export function probeProvider(provider: 'cuda' | 'webgpu', deviceId = 0, timeoutMs = 30_000): Promise<ProbeResult> {
  const pkg = ortPackageDir();
  if (!pkg) return Promise.resolve({ ok: false, error: 'onnxruntime-node is not installed' });
  const ep = provider === 'cuda' ? { name: 'cuda', deviceId } : { name: 'webgpu' };
  const script = `
    const ort = require(${JSON.stringify(pkg)});
    const model = Buffer.from(${JSON.stringify(Buffer.from(tinyModel()).toString('base64'))}, 'base64');
    ort.InferenceSession.create(model, { executionProviders: [${JSON.stringify(ep)}], logSeverityLevel: 3 })
      .then((s) => s.run({ X: new ort.Tensor('float32', new Float32Array([1, 2]), [2]) }))
      .then((o) => { const y = o.Y.data; if (y[0] !== 2 || y[1] !== 4) throw new Error('wrong result ' + y); process.stdout.write('PROBE_OK\\n'); process.exit(0); })
      .catch((e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', script], { timeout: timeoutMs, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (!err && stdout.includes('PROBE_OK')) return resolve({ ok: true });
      const text = summarizeProviderError(stderr || '');
      const why = err?.killed ? `timed out after ${timeoutMs / 1000}s` : err?.signal ? `the probe process died (${err.signal})` : text || err?.message || 'unknown error';
      resolve({ ok: false, error: why });
    });
  });
}

/** Full status: installed, and (when installed) whether it loads. */
export async function cudaProviderStatus(probe = true): Promise<CudaProviderStatus> {
  const s = cudaProviderInstalled();
  if (!s.installed || !probe) return s;
  const r = await probeProvider('cuda');
  return r.ok ? { ...s, loadable: true } : { ...s, loadable: false, problem: `onnxruntime-node's CUDA provider is installed but does not load: ${r.error}` };
}

/** Throws the plain "CUDA is not available" message (naming the device asked for) unless the CUDA provider loads. */
export async function requireCuda(device?: string): Promise<void> {
  const s = await cudaProviderStatus(true);
  if (s.installed && s.loadable) return;
  throw new CudaUnavailableError(`CUDA is not available${device ? ` for --device ${device}` : ''}: ${s.problem}. ${CUDA_FIX}`);
}
