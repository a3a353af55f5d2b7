/**
 * Parses the device choice used by `--device` and the project's training.device:
 * cpu | cpu:N (N data-parallel CPU replicas) | cuda:0 | cuda:0,1 | cuda:all.
 */
export type DeviceSpec = { kind: 'cpu'; replicas: number } | { kind: 'cuda'; ids: number[] | 'all' };

export class DeviceSpecError extends Error {}

export function parseDeviceSpec(text: string): DeviceSpec {
  const t = text.trim().toLowerCase();
  if (t === 'cpu') return { kind: 'cpu', replicas: 1 };
  let m = /^cpu:(\d+)$/.exec(t);
  if (m) {
    const n = Number(m[1]);
    if (n < 1 || n > 64) throw new DeviceSpecError(`"${text}": the number of CPU replicas must be between 1 and 64`);
    return { kind: 'cpu', replicas: n };
  }
  if (t === 'cuda' || t === 'gpu') return { kind: 'cuda', ids: [0] };
  if (t === 'cuda:all' || t === 'gpu:all') return { kind: 'cuda', ids: 'all' };
  m = /^(?:cuda|gpu):(\d+(?:,\d+)*)$/.exec(t);
  if (m) {
    const ids = m[1].split(',').map(Number);
    if (new Set(ids).size !== ids.length) throw new DeviceSpecError(`"${text}" names a GPU twice`);
    return { kind: 'cuda', ids };
  }
  throw new DeviceSpecError(`unknown device "${text}"; use cpu, cpu:N, cuda:0, cuda:0,1 or cuda:all`);
}
