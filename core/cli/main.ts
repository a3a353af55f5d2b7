import { DocumentError } from '../graph/parse';
import { CompileError } from '../ir/errors';
import { DataError } from '../data/errors';
import { TrainingError } from '../train/host';
import { runServe } from '../api/server/serve';
import { UsageError } from './args';
import { CHECK_USAGE, runCheck } from './check';
import { DEVICES_USAGE, runDevices } from './devices';
import { EXPORT_USAGE, runExport } from './export';
import { IMPORT_USAGE, runImport } from './import';
import { ImportError } from '../import/onnx/errors';
import { WeightsFileError } from '../project/weightsFile';
import { CliError } from './project';
import { TRAIN_USAGE, runTrain } from './train';

/** The command table; `serve` comes from the web-mode server. */
const commands: Record<string, { run: (argv: string[]) => Promise<number>; usage: string; summary: string }> = {
  check: { run: runCheck, usage: CHECK_USAGE, summary: 'shape-check a project: per-node shapes, params, FLOPs, problems' },
  train: { run: runTrain, usage: TRAIN_USAGE, summary: 'train a project on its dataset, with a progress bar' },
  export: { run: runExport, usage: EXPORT_USAGE, summary: 'export the inference model as ONNX, or a PyTorch script or notebook that trains it' },
  import: { run: runImport, usage: IMPORT_USAGE, summary: 'open an ONNX model as a project: layers, weights, layout' },
  devices: { run: runDevices, usage: DEVICES_USAGE, summary: 'list the CPU and GPUs, and whether CUDA works here' },
  serve: { run: runServe, usage: 'Usage: wiregrad serve [--port N]', summary: 'serve the app on 127.0.0.1 (web mode)' },
};

function help(): string {
  return ['Usage: wiregrad <command> [options]', '', 'Commands:', ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(8)} ${c.summary}`)].join('\n');
}

/** Known errors print one clear line (no stack trace) and exit 1; usage errors exit 2. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`wiregrad: unknown command "${name}"\n${help()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(cmd.usage + '\n');
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`wiregrad ${name}: ${e.message}\n${cmd.usage}\n`);
      return 2;
    }
    if (e instanceof CliError || e instanceof DocumentError || e instanceof DataError || e instanceof WeightsFileError) {
      process.stderr.write(`wiregrad ${name}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof CompileError || e instanceof TrainingError) {
      process.stderr.write(`wiregrad ${name}: ${e.code}${e.nodeId ? ` at node ${e.nodeId}` : ''}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ImportError) {
      process.stderr.write(`wiregrad ${name}: ${e.code}: ${e.message}\n`);
      return 1;
    }
    // Anything else is a bug: one line for the user; the stack only when asked for.
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code === 'string' && typeof err.path === 'string') {
      process.stderr.write(`wiregrad ${name}: ${err.path}: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`wiregrad ${name}: internal error: ${err?.message ?? String(e)}${process.env.WIREGRAD_DEBUG ? `\n${err?.stack}` : ' (set WIREGRAD_DEBUG=1 for the stack trace)'}\n`);
    return 1;
  }
}
