import { exportInferenceModel } from '../onnx/export';
import { intFlag, parseArgs, stringFlag, UsageError } from './args';
import { loadProject, requireValid, writeFileAtomic } from './project';

export const EXPORT_USAGE = 'Usage: wiregrad export <project> -o model.onnx [--seed N]';

/** A never-trained project exports the initial weights `train --seed N` starts from. */
export async function runExport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { output: { value: true, alias: 'o' }, seed: { value: true } });
  const out = stringFlag(args, 'output');
  if (!out) throw new UsageError('missing -o model.onnx');
  const doc = loadProject(args.positional[0]);
  requireValid(doc);
  const bytes = exportInferenceModel(doc, { seed: intFlag(args, 'seed', 0) ?? doc.training.seed });
  writeFileAtomic(out, bytes);
  process.stderr.write(`wrote ${out} (${(bytes.length / 1024).toFixed(1)} KiB)\n`);
  return 0;
}
