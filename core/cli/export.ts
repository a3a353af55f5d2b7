import { exportInferenceModel } from '../onnx/export';
import { intFlag, parseArgs, stringFlag, UsageError } from './args';
import { checkOutputPath, loadProject, requireValid, writeFileAtomic } from './project';

export const EXPORT_USAGE = 'Usage: wiregrad export <project> -o model.onnx [--seed N]';

/** A never-trained project exports the initial weights `train --seed N` starts from. */
export async function runExport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { output: { value: true, alias: 'o' }, seed: { value: true } });
  const out = stringFlag(args, 'output');
  if (!out) throw new UsageError('missing -o model.onnx');
  const seed = intFlag(args, 'seed', 0);
  checkOutputPath(out, '-o');
  const doc = loadProject(args.positional[0]);
  requireValid(doc);
  const bytes = exportInferenceModel(doc, { seed: seed ?? doc.training.seed });
  await writeFileAtomic(out, bytes, '-o');
  process.stderr.write(`wrote ${out} (${(bytes.length / 1024).toFixed(1)} KiB)\n`);
  return 0;
}
