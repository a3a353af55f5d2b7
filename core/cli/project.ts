import fs from 'node:fs';
import { checkDocument } from '../check/check';
import type { Diagnostic } from '../check/diagnostics';
import type { ProjectDocument } from '../graph/document';
import { parseDocument } from '../graph/parse';

/** Reads and parses a project file; errors carry file and line and become exit code 1. */
export function loadProject(file: string | undefined): ProjectDocument {
  if (!file) throw new CliError('missing project file, e.g. assets/templates/mnist-mlp.wiregrad.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseDocument(text, file);
}

export class CliError extends Error {}

export function formatDiagnostic(d: Diagnostic, doc: ProjectDocument): string {
  const node = d.nodeId ? doc.nodes.find((n) => n.id === d.nodeId) : undefined;
  const where = node ? `${node.id} (${node.type})` : d.edgeId ? `edge ${d.edgeId}` : 'graph';
  const fix = d.fix ? `\n    fix: ${d.fix.label}` : '';
  return `${d.severity} ${d.code} at ${where}: ${d.message}${fix}`;
}

/** Exits with the diagnostics when the graph has errors. */
export function requireValid(doc: ProjectDocument): void {
  const errors = checkDocument(doc).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new CliError(errors.map((d) => formatDiagnostic(d, doc)).join('\n'));
}

/** Atomic write: a crash leaves either the old file or the new one, never half of one. */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
