import fs from 'node:fs';
import { table } from '../cli/format';

interface ProfileEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}

/** Per-op-type time share from an ORT profile (chrome trace JSON written by enableProfiling). */
export function summarizeProfile(file: string, top = 15): string {
  const events = JSON.parse(fs.readFileSync(file, 'utf8')) as ProfileEvent[];
  const byOp = new Map<string, { us: number; count: number }>();
  let total = 0;
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const op = e.args?.op_name ?? e.name;
    const s = byOp.get(op) ?? { us: 0, count: 0 };
    s.us += e.dur;
    s.count++;
    byOp.set(op, s);
    total += e.dur;
  }
  const rows = [...byOp.entries()]
    .sort((a, b) => b[1].us - a[1].us)
    .slice(0, top)
    .map(([op, s]) => [op, (s.us / 1000).toFixed(1), `${((100 * s.us) / total).toFixed(1)}%`, String(s.count)]);
  return table(['op', 'ms total', 'share', 'calls'], rows);
}
