import path from 'node:path';
import { exportFormats, findExportFormat } from '../export/formats';
import { intFlag, parseArgs, stringFlag, UsageError } from './args';
import { loadProjectWeights } from '../project/projectWeights';
import { checkOutputPath, loadProject, requireValid, writeFileAtomic } from './project';

export const EXPORT_USAGE = `Usage: wiregrad export <project> -o FILE [--format ${exportFormats.map((f) => f.name).join('|')}] [--seed N] [--with-preprocessing]
${exportFormats.map((f) => `  --format ${f.name.padEnd(10)} ${f.summary} (e.g. -o ${f.defaultFile})`).join('\n')}
  the default format is onnx; files that go with FILE are written beside it
  --with-preprocessing: the training normalisation as nodes in the graph (onnx), so the
                        model takes inputs as ToTensor scales them (pixels / 255)`;

/** A never-trained project exports the initial weights `train --seed N` starts from. */
export async function runExport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { output: { value: true, alias: 'o' }, seed: { value: true }, format: { value: true }, 'with-preprocessing': { value: false } });
  const formatName = stringFlag(args, 'format') ?? 'onnx';
  const format = findExportFormat(formatName);
  if (!format) throw new UsageError(`unknown --format "${formatName}"; use ${exportFormats.map((f) => f.name).join(', ')}`);
  const withPreprocessing = args.flags.has('with-preprocessing');
  if (withPreprocessing && !format.preprocessing) throw new UsageError(`--with-preprocessing applies to --format onnx, not ${format.name}`);
  const out = stringFlag(args, 'output');
  if (!out) throw new UsageError(`missing -o ${format.defaultFile}`);
  const seed = intFlag(args, 'seed', 0);
  checkOutputPath(out, '-o');
  const doc = loadProject(args.positional[0]);
  requireValid(doc);
  const dir = path.dirname(out);
  // The project's weights (imported or trained) when it has them; else the initial weights of --seed.
  const loaded = seed === undefined ? await loadProjectWeights(args.positional[0]!, doc) : undefined;
  const saved = loaded?.ok ? loaded.weights : undefined;
  if (saved) process.stderr.write(`weights from ${saved.file}\n`);
  for (const f of format.files(doc, path.basename(out), { seed: seed ?? doc.training.seed, weights: saved?.weights, withPreprocessing })) {
    const file = path.join(dir, f.name);
    await writeFileAtomic(file, f.data, '-o');
    process.stderr.write(`wrote ${file} (${(Buffer.byteLength(f.data) / 1024).toFixed(1)} KiB)\n`);
  }
  return 0;
}
