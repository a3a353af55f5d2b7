import fs from 'node:fs';
import path from 'node:path';
import { exportFormats, findExportFormat } from '../export/formats';
import { intFlag, parseArgs, stringFlag, UsageError } from './args';
import { checkOutputPath, CliError, loadProject, requireValid, writeFileAtomic } from './project';

export const EXPORT_USAGE = `Usage: wiregrad export <project> -o FILE [--format ${exportFormats.map((f) => f.name).join('|')}] [--seed N]
${exportFormats.map((f) => `  --format ${f.name.padEnd(10)} ${f.summary} (${f.defaultFile})`).join('\n')}
  -o DIR/ writes DIR/<that file name>; the default format is onnx`;

/** A never-trained project exports the initial weights `train --seed N` starts from. */
export async function runExport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { output: { value: true, alias: 'o' }, seed: { value: true }, format: { value: true } });
  const formatName = stringFlag(args, 'format') ?? 'onnx';
  const format = findExportFormat(formatName);
  if (!format) throw new UsageError(`unknown --format "${formatName}"; use ${exportFormats.map((f) => f.name).join(', ')}`);
  let out = stringFlag(args, 'output');
  if (!out) throw new UsageError(`missing -o ${format.defaultFile}`);
  const seed = intFlag(args, 'seed', 0);
  if (out.endsWith('/') || (fs.existsSync(out) && fs.statSync(out).isDirectory())) out = path.join(out, format.defaultFile);
  const dir = path.dirname(out);
  // A folder that does not exist yet is made once the project is known to export (no empty folder on failure).
  if (fs.existsSync(dir)) checkOutputPath(out, '-o');
  const doc = loadProject(args.positional[0]);
  requireValid(doc);
  const files = format.files(doc, path.basename(out), { seed: seed ?? doc.training.seed });
  if (!fs.existsSync(dir)) {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new CliError(`cannot write -o ${out}: cannot create ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    checkOutputPath(out, '-o');
  }
  for (const f of files) {
    const file = path.join(dir, f.name);
    await writeFileAtomic(file, f.data, '-o');
    process.stderr.write(`wrote ${file} (${(Buffer.byteLength(f.data) / 1024).toFixed(1)} KiB)\n`);
  }
  return 0;
}
