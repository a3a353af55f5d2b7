import path from 'node:path';
import { exportFormats, findExportFormat } from '../export/formats';
import { projectWeights } from '../export/projectWeights';
import type { WeightSource } from '../export/pytorch/weights';
import { intFlag, parseArgs, stringFlag, UsageError } from './args';
import { checkOutputPath, loadProject, requireValid, writeFileAtomic } from './project';

export const EXPORT_USAGE = `Usage: wiregrad export <project> -o FILE [--format ${exportFormats.map((f) => f.name).join('|')}] [--seed N] [--fresh] [--with-preprocessing]
${exportFormats.map((f) => `  --format ${f.name.padEnd(10)} ${f.summary} (e.g. -o ${f.defaultFile})`).join('\n')}
  the default format is onnx; files that go with FILE are written beside it
  weights: the project's weights file (<project>.wiregrad.weights, from training or import), as
  train starts from it, when it fits the graph; else, or with --fresh, the initial weights
  "train --fresh --seed N" starts from
  --with-preprocessing: the training normalisation as nodes in the graph (onnx), so the
                        model takes inputs as ToTensor scales them (pixels / 255)`;

/** The project's weights file when there is one that fits, else the initial weights `train --seed N` starts from. */
export async function runExport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { output: { value: true, alias: 'o' }, seed: { value: true }, format: { value: true }, fresh: { value: false }, 'with-preprocessing': { value: false } });
  const formatName = stringFlag(args, 'format') ?? 'onnx';
  const format = findExportFormat(formatName);
  if (!format) throw new UsageError(`unknown --format "${formatName}"; use ${exportFormats.map((f) => f.name).join(', ')}`);
  const withPreprocessing = args.flags.has('with-preprocessing');
  if (withPreprocessing && !format.preprocessing) throw new UsageError(`--with-preprocessing applies to --format onnx, not ${format.name}`);
  const out = stringFlag(args, 'output');
  if (!out) throw new UsageError(`missing -o ${format.defaultFile}`);
  const seed = intFlag(args, 'seed', 0);
  checkOutputPath(out, '-o');
  const projectPath = args.positional[0];
  const doc = loadProject(projectPath);
  requireValid(doc);
  const initial = { seed: seed ?? doc.training.seed };
  let weights: WeightSource = initial;
  if (!args.flags.has('fresh')) {
    const found = await projectWeights(doc, args.positional[0]);
    if (found.kind === 'file') {
      weights = { weights: found.weights, data: found.data, origin: `the project's weights (${path.basename(found.file)})` };
      process.stderr.write(`weights from ${found.file}\n`);
    } else {
      process.stderr.write(`weights: the initial weights of seed ${initial.seed}, since ${found.reason}\n`);
    }
  }
  const dir = path.dirname(out);
  for (const f of format.files(doc, path.basename(out), { ...weights, withPreprocessing })) {
    const file = path.join(dir, f.name);
    await writeFileAtomic(file, f.data, '-o');
    process.stderr.write(`wrote ${file} (${(Buffer.byteLength(f.data) / 1024).toFixed(1)} KiB)\n`);
  }
  return 0;
}
