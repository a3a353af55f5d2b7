import { checkForTraining } from '../check/datasetInput';
import type { NodeCheck } from '../check/types';
import { parseArgs } from './args';
import { formatDiagnostic, loadProject } from './project';
import { formatCount, table } from './format';

export const CHECK_USAGE = 'Usage: wiregrad check <project.wiregrad.json> [--json]';

/** Per-node shapes, parameters and FLOPs; exit 1 when there are errors (the dataset not fitting the Input is one, as in the app). */
export async function runCheck(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: { value: false } });
  const doc = loadProject(args.positional[0]);
  const r = checkForTraining(doc);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (args.flags.has('json')) {
    process.stdout.write(JSON.stringify({ ok: errors.length === 0, nodes: r.nodes, edges: r.edges, diagnostics: r.diagnostics, totalParams: r.totalParams, totalFlops: r.totalFlops }) + '\n');
    return errors.length ? 1 : 0;
  }
  const row = (label: string, type: string, c: NodeCheck | undefined) => {
    const outs = c ? Object.entries(c.outputs).map(([p, t]) => (t ? `${p}: ${['N', ...t.shape].join('×')}` : `${p}: ?`)).join(', ') : '?';
    return [label, type, outs || '—', c ? formatCount(c.paramCount) : '?', c ? formatCount(c.flops) : '?'];
  };
  // A block instance is followed by its inner layers, indented by depth (`c1/conv` under `c1`).
  const flatNodes = r.flat?.doc.nodes ?? [];
  const rows = doc.nodes.flatMap((n) => [
    row(n.id, n.type, r.nodes[n.id]),
    ...flatNodes
      .filter((f) => f.id.startsWith(`${n.id}/`))
      .map((f) => row(`${'  '.repeat(f.id.split('/').length - 1)}${f.id.slice(n.id.length + 1)}`, f.type, r.inner?.[f.id])),
  ]);
  process.stdout.write(table(['node', 'type', 'output (N = batch)', 'params', 'FLOPs/sample'], rows) + '\n');
  process.stdout.write(`total: ${formatCount(r.totalParams)} parameters, ${formatCount(r.totalFlops)} FLOPs per sample\n`);
  for (const d of r.diagnostics) process.stdout.write(formatDiagnostic(d, doc) + '\n');
  if (errors.length) process.stdout.write(`${errors.length} error(s)\n`);
  return errors.length ? 1 : 0;
}
