import fs from 'node:fs';
import path from 'node:path';
import { importOnnx } from '../import/onnx/importer';
import { DEFAULT_LIMITS } from '../import/onnx/limits';
import { graphKey } from '../project/graphKey';
import { weightsPathFor, writeWeightsFile } from '../project/weightsFile';
import { ortOpRunner } from '../runtime/opProbe';
import { parseArgs, stringFlag, UsageError } from './args';
import { checkOutputPath, CliError, writeFileAtomic } from './project';

export const IMPORT_USAGE = `Usage: wiregrad import MODEL.onnx -o PROJECT.wiregrad.json [--name NAME]
  opens an ONNX model (torch.onnx.export, opsets 13–17) as a project: layers with their
  weights, auto-laid-out; the weights go to PROJECT.wiregrad.weights beside it and are
  where training starts; ops with no layer are kept as they are (exported, not trained)`;

export async function runImport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { output: { value: true, alias: 'o' }, name: { value: true } });
  const model = args.positional[0];
  if (!model) throw new UsageError('missing the ONNX file to import');
  if (args.positional.length > 1) throw new UsageError(`one ONNX file at a time (got ${args.positional.length})`);
  const out = stringFlag(args, 'output');
  if (!out) throw new UsageError('missing -o PROJECT.wiregrad.json');
  if (!/\.json$/i.test(out)) throw new UsageError(`-o must name a project file ending in .wiregrad.json, got "${out}"`);
  checkOutputPath(out, '-o');
  const bytes = readModel(model);
  const name = stringFlag(args, 'name') ?? path.basename(model).replace(/\.onnx$/i, '');
  const r = await importOnnx(bytes, { name, runOp: ortOpRunner });
  const weightsFile = weightsPathFor(out);
  await writeFileAtomic(out, JSON.stringify(r.doc, null, 2) + '\n', '-o');
  try {
    // The metadata core/project/projectWeights.ts reads, plus where the weights came from.
    const metadata = { format: 'wiregrad', graph: graphKey(r.doc), saved_at: new Date().toISOString(), source: 'onnx-import', model: path.basename(model), opset: String(r.opset) };
    await writeWeightsFile(weightsFile, { tensors: r.weights, metadata });
  } catch (e) {
    throw new CliError(`cannot write the weights ${weightsFile}: ${(e as Error).message}`);
  }
  const layers = r.doc.nodes.filter((n) => n.type !== 'Input' && n.type !== 'CrossEntropyLoss').length;
  const values = [...r.weights.values()].reduce((s, w) => s + w.data.length, 0);
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  if (r.opaque.length) process.stderr.write(`kept as ONNX ops (exported as they are, not trainable): ${r.opaque.join(', ')}\n`);
  process.stderr.write(`imported ${layers} layers, ${values} weights (opset ${r.opset}); wrote ${out} and ${weightsFile}\n`);
  return 0;
}

/** The file, refused by size before it is read, and never anything but a regular file. */
function readModel(file: string): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (!st.isFile()) throw new CliError(`cannot read ${file}: not a regular file`);
  if (st.size > DEFAULT_LIMITS.maxFileBytes) throw new CliError(`${file} is ${st.size} bytes, more than the ${DEFAULT_LIMITS.maxFileBytes} bytes an import accepts`);
  return fs.readFileSync(file);
}
