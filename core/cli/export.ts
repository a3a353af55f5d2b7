import fs from 'node:fs';
import path from 'node:path';
import { exportFormats, findExportFormat } from '../export/formats';
import { intFlag, parseArgs, stringFlag, UsageError } from './args';
import { checkOutputPath, loadProject, requireValid, writeFileAtomic } from './project';
import { loadProjectWeights } from '../project/projectWeights';
import { weightsPathFor } from '../project/weightsFile';
import type { WeightSource } from '../export/pytorch/weights';

export const EXPORT_USAGE = `Usage: wiregrad export <project> -o FILE [--format ${exportFormats.map((f) => f.name).join('|')}] [--seed N]
${exportFormats.map((f) => `  --format ${f.name.padEnd(10)} ${f.summary} (e.g. -o ${f.defaultFile})`).join('\n')}
  the default format is onnx; files that go with FILE are written beside it
  the project's trained weights (<project>.wiregrad.weights, written by train) are exported when
  they fit the graph; otherwise, or with --seed N, the initial weights train --seed N starts from`;

/** A never-trained project exports the initial weights `train --seed N` starts from. */
export async function runExport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { output: { value: true, alias: 'o' }, seed: { value: true }, format: { value: true } });
  const formatName = stringFlag(args, 'format') ?? 'onnx';
  const format = findExportFormat(formatName);
  if (!format) throw new UsageError(`unknown --format "${formatName}"; use ${exportFormats.map((f) => f.name).join(', ')}`);
  const out = stringFlag(args, 'output');
  if (!out) throw new UsageError(`missing -o ${format.defaultFile}`);
  const seed = intFlag(args, 'seed', 0);
  checkOutputPath(out, '-o');
  const projectPath = args.positional[0];
  const doc = loadProject(projectPath);
  requireValid(doc);
  const dir = path.dirname(out);
  // The project's weights (imported or trained) when they fit the graph; else the initial weights of --seed.
  let weights: WeightSource = { seed: seed ?? doc.training.seed };
  if (seed === undefined) {
    const saved = await loadProjectWeights(projectPath!, doc).catch((e: Error) => ({ ok: false as const, reason: e.message }));
    if (saved.ok) {
      weights = { params: saved.weights.params, buffers: saved.weights.buffers, data: saved.weights.info.data };
      process.stderr.write(`weights from ${saved.weights.file}\n`);
    } else if (fs.existsSync(weightsPathFor(projectPath!))) process.stderr.write(`using the initial weights (seed ${doc.training.seed}): ${saved.reason}\n`);
  }
  for (const f of format.files(doc, path.basename(out), weights)) {
    const file = path.join(dir, f.name);
    await writeFileAtomic(file, f.data, '-o');
    process.stderr.write(`wrote ${file} (${(Buffer.byteLength(f.data) / 1024).toFixed(1)} KiB)\n`);
  }
  return 0;
}
