import fs from 'node:fs';
import path from 'node:path';
import { atomicWrite } from '../api/fsutil';
import { checkDocument } from '../check/check';
import { checkForTraining } from '../check/datasetInput';
import type { Diagnostic } from '../check/diagnostics';
import type { CheckResult } from '../check/types';
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

/**
 * Exits with the diagnostics when the graph has errors; returns the check otherwise. For
 * training, the dataset is checked against the Input too (exporting does not need one).
 */
export function requireValid(doc: ProjectDocument, opts: { training?: boolean } = {}): CheckResult {
  const check = opts.training ? checkForTraining(doc) : checkDocument(doc);
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new CliError(errors.map((d) => formatDiagnostic(d, doc)).join('\n'));
  return check;
}

/** Plain words for the fs error codes a path can meet. */
function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such directory',
    ENOTDIR: 'a part of the path is not a directory',
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'the name is too long',
  };
  return (code && words[code]) ?? (e as Error).message;
}

/**
 * Refuses an output path that cannot be written, naming it, before any work is done (a run
 * must not be lost to a typo in --export): its folder must exist and be writable, and the
 * path must not be a folder itself.
 */
export function checkOutputPath(file: string, flag: string): void {
  const dir = path.dirname(path.resolve(file));
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    throw new CliError(`cannot write ${flag} ${file}: ${why(e)} ${dir}`);
  }
  if (!st.isDirectory()) throw new CliError(`cannot write ${flag} ${file}: ${dir} is not a directory`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw new CliError(`cannot write ${flag} ${file}: ${why(e)} in ${dir}`);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new CliError(`cannot write ${flag} ${file}: it is a directory`);
}

/** Atomic write (temp file, fsync, rename; no temp file left on failure), errors as one line naming the file. */
export async function writeFileAtomic(file: string, data: Uint8Array | string, flag = 'file'): Promise<void> {
  try {
    await atomicWrite(file, data);
  } catch (e) {
    throw new CliError(`cannot write ${flag} ${file}: ${why(e)}`);
  }
}
