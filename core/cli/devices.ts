import { discoverDevices } from '../devices/index';
import { parseArgs } from './args';
import { table } from './format';

export const DEVICES_USAGE = `Usage: wiregrad devices [--json] [--no-probe]
  Lists the CPU, NVIDIA GPUs, and whether onnxruntime-node's CUDA and WebGPU providers work.
  --no-probe: do not try loading the providers (faster)`;

export async function runDevices(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: { value: false }, 'no-probe': { value: false } });
  const r = await discoverDevices({ probe: !args.flags.has('no-probe') });
  if (args.flags.has('json')) {
    process.stdout.write(JSON.stringify(r) + '\n');
    return 0;
  }
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  const rows: string[][] = [['cpu', `${r.cpu.model}`, `${r.cpu.cores} cores, ${gib(r.cpu.memoryBytes)}`, 'yes']];
  const cudaOk = r.cuda.installed && r.cuda.loadable === true;
  for (const g of r.gpus) rows.push([`cuda:${g.index}`, g.name, `${g.memoryMiB === null ? '?' : gib(g.memoryMiB * 2 ** 20)}, driver ${g.driver}`, cudaOk ? 'yes' : 'no (CUDA provider)']);
  process.stdout.write(table(['device', 'name', 'details', 'usable'], rows) + '\n\n');
  const provider = r.cuda.installed ? (r.cuda.loadable ? 'installed, loads' : r.cuda.loadable === false ? 'installed, does NOT load' : 'installed (not probed)') : 'not installed';
  process.stdout.write(`CUDA provider: ${provider}${r.cuda.library ? ` (${r.cuda.library})` : ''}\n`);
  process.stdout.write(`WebGPU provider: ${r.webgpu.available ? 'works' : `not usable${r.webgpu.error ? ` (${shorten(r.webgpu.error)})` : ''}`}\n`);
  process.stdout.write(`Usable --device choices: ${r.usable.join(', ')}\n`);
  if (r.cudaMessage) process.stdout.write(`\n${r.cudaMessage}\n`);
  return 0;
}

function shorten(s: string, n = 160): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
