import fs from 'node:fs';
import path from 'node:path';
import { exportFormats, findExportFormat } from '../export/formats';
import { intFlag, parseArgs, stringFlag, UsageError } from './args';
import { loadProject, requireValid, writeFileAtomic } from './project';

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
  const doc = loadProject(args.positional[0]);
  requireValid(doc);
  if (out.endsWith('/') || (fs.existsSync(out) && fs.statSync(out).isDirectory())) out = path.join(out, format.defaultFile);
  const files = format.files(doc, path.basename(out), { seed: intFlag(args, 'seed', 0) ?? doc.training.seed });
  const dir = path.dirname(out);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) {
    writeFileAtomic(path.join(dir, f.name), f.data);
    process.stderr.write(`wrote ${path.join(dir, f.name)} (${(Buffer.byteLength(f.data) / 1024).toFixed(1)} KiB)\n`);
  }
  return 0;
}
