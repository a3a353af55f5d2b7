/**
 * Parses `nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader,nounits`.
 * Pure, so it is tested on recorded outputs (test/fixtures/nvidia-smi/).
 */
export const NVIDIA_SMI_ARGS = ['--query-gpu=index,name,memory.total,driver_version', '--format=csv,noheader,nounits'];

export interface GpuInfo {
  index: number;
  name: string;
  /** Total memory in MiB (nvidia-smi's unit); null when nvidia-smi reports [N/A]. */
  memoryMiB: number | null;
  driver: string;
}

export interface NvidiaSmiResult {
  gpus: GpuInfo[];
  /** nvidia-smi's own complaint when it ran but could not list GPUs (driver not loaded, ...). */
  error?: string;
}

export function parseNvidiaSmi(stdout: string, stderr = '', exitCode: number | null = 0): NvidiaSmiResult {
  const gpus: GpuInfo[] = [];
  const junk: string[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const cells = line.split(',').map((c) => c.trim());
    // The name may itself contain commas: index first, memory and driver last.
    if (cells.length >= 4 && /^\d+$/.test(cells[0])) {
      const driver = cells[cells.length - 1];
      const mem = cells[cells.length - 2];
      const name = cells.slice(1, -2).join(', ');
      gpus.push({ index: Number(cells[0]), name, memoryMiB: /^\d+(\.\d+)?$/.test(mem) ? Number(mem) : null, driver });
    } else {
      junk.push(line);
    }
  }
  const complaint = [...junk, ...stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)].join(' ');
  if (gpus.length) return complaint && exitCode !== 0 ? { gpus, error: complaint } : { gpus };
  if (/no devices were found/i.test(complaint)) return { gpus };
  if (complaint || exitCode) return { gpus, error: complaint || `nvidia-smi exited with code ${exitCode}` };
  return { gpus };
}
