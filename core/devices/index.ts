/**
 * Device discovery for `wiregrad devices` and the app's device picker: the CPU always,
 * NVIDIA GPUs (nvidia-smi), whether onnxruntime-node's CUDA provider is installed and loads,
 * and whether the bundled WebGPU provider works.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import type { DeviceInfo } from '../api/contract';
import { CUDA_FIX, cudaProviderStatus, probeProvider, type CudaProviderStatus } from '../runtime/cuda';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi, type GpuInfo } from './nvidiaSmi';

export type { GpuInfo } from './nvidiaSmi';

export interface CpuInfo {
  model: string;
  cores: number;
  memoryBytes: number;
}

export interface DevicesReport {
  cpu: CpuInfo;
  gpus: GpuInfo[];
  /** null: nvidia-smi not found; otherwise its complaint, if any. */
  nvidiaSmi: { found: boolean; error?: string };
  cuda: CudaProviderStatus;
  webgpu: { available: boolean; error?: string };
  /** Device choices that work here, as written after --device. */
  usable: string[];
  /** A plain sentence when CUDA cannot be used, with what to do. */
  cudaMessage?: string;
}

export function cpuInfo(): CpuInfo {
  const cores = os.cpus();
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : cores.length;
  return { model: cores[0]?.model?.trim() || 'CPU', cores: n, memoryBytes: os.totalmem() };
}

/** Runs nvidia-smi when it exists; never throws. */
export function queryNvidiaSmi(bin = process.env.WIREGRAD_NVIDIA_SMI || 'nvidia-smi', timeoutMs = 15_000): Promise<DevicesReport['nvidiaSmi'] & { gpus: GpuInfo[] }> {
  return new Promise((resolve) => {
    execFile(bin, NVIDIA_SMI_ARGS, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve({ found: false, gpus: [] });
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      const r = parseNvidiaSmi(stdout ?? '', stderr ?? '', code);
      resolve({ found: true, gpus: r.gpus, ...(r.error ? { error: r.error } : {}) });
    });
  });
}

export interface ListOptions {
  /** Try loading the CUDA and WebGPU providers in a child process (slower, ~1 s each). Default true. */
  probe?: boolean;
}

export async function discoverDevices(opts: ListOptions = {}): Promise<DevicesReport> {
  const probe = opts.probe ?? true;
  const [smi, cuda, webgpu] = await Promise.all([
    queryNvidiaSmi(),
    cudaProviderStatus(probe),
    probe ? probeProvider('webgpu') : Promise.resolve({ ok: false, error: 'not probed' }),
  ]);
  const cudaOk = cuda.installed && cuda.loadable === true;
  const usable = ['cpu', `cpu:${Math.min(4, Math.max(2, cpuInfo().cores))}`];
  if (cudaOk) {
    usable.push(...smi.gpus.map((g) => `cuda:${g.index}`));
    if (smi.gpus.length > 1) usable.push('cuda:all');
  }
  let cudaMessage: string | undefined;
  if (!cudaOk || !smi.gpus.length) {
    const gpuPart = !smi.found
      ? 'no NVIDIA driver was found (nvidia-smi is missing)'
      : smi.gpus.length
        ? `${smi.gpus.length} NVIDIA GPU${smi.gpus.length > 1 ? 's' : ''} found`
        : `nvidia-smi lists no GPU${smi.error ? ` (${smi.error})` : ''}`;
    const providerPart = cudaOk ? 'the CUDA provider loads' : (cuda.problem ?? 'the CUDA provider is not usable');
    cudaMessage = `CUDA is not available: ${gpuPart}; ${providerPart}. ${smi.gpus.length || !smi.found ? CUDA_FIX : 'Training runs on the CPU (--device cpu or cpu:N).'}`;
  }
  return {
    cpu: cpuInfo(),
    gpus: smi.gpus,
    nvidiaSmi: { found: smi.found, ...(smi.error ? { error: smi.error } : {}) },
    cuda,
    webgpu: webgpu.ok ? { available: true } : { available: false, error: webgpu.error },
    usable,
    ...(cudaMessage ? { cudaMessage } : {}),
  };
}

let cached: { at: number; list: Promise<DeviceInfo[]> } | null = null;

/**
 * The app's device list (API contract): the CPU, then each usable GPU and "all GPUs".
 * Probing spawns child processes (~1 s), so a probed list is reused for a minute.
 */
export function listDevices(opts: ListOptions = {}): Promise<DeviceInfo[]> {
  if (opts.probe === false) return discoverDevices(opts).then(toDeviceInfos);
  if (!cached || Date.now() - cached.at > 60_000) {
    const list = discoverDevices(opts).then(toDeviceInfos);
    cached = { at: Date.now(), list };
    list.catch(() => (cached = null));
  }
  return cached.list;
}

export function toDeviceInfos(r: DevicesReport): DeviceInfo[] {
  const out: DeviceInfo[] = [{ id: 'cpu', name: `CPU (${r.cpu.model})`, kind: 'cpu', cores: r.cpu.cores, memoryBytes: r.cpu.memoryBytes }];
  if (r.cuda.installed && r.cuda.loadable) {
    for (const g of r.gpus) out.push({ id: `cuda:${g.index}`, name: g.name, kind: 'cuda', ...(g.memoryMiB !== null ? { memoryBytes: g.memoryMiB * 1024 * 1024 } : {}) });
    if (r.gpus.length > 1) out.push({ id: 'cuda:all', name: `All ${r.gpus.length} GPUs (data parallel)`, kind: 'cuda' });
  } else {
    // Shown (disabled) in the app's device picker, so the missing piece is said, not hidden.
    out.push({ id: 'cuda:0', name: r.gpus.length ? `${r.gpus[0].name} (CUDA unavailable)` : 'NVIDIA GPU (unavailable)', kind: 'cuda', unavailable: r.cudaMessage ?? 'CUDA is not available here' });
  }
  return out;
}
