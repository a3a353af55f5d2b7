import { DocumentError } from '../graph/parse';
import { CompileError } from '../ir/errors';
import { DataError } from '../data/errors';
import { TrainingError } from '../train/host';
import { UsageError } from './args';
import { ImportError } from '../import/onnx/errors';
import { WeightsFileError } from '../project/weightsFile';
import { CliError } from './project';

interface Command {
  run: (argv: string[]) => Promise<number>;
  usage: string;
}

/**
 * The command table; `serve` comes from the web-mode server. Each command's module is loaded
 * when it runs: `train` then never loads the web server (ws), the exporters or sharp,
 * which cost a noticeable part of a short run's start-up.
 */
const commands: Record<string, { load: () => Promise<Command>; summary: string }> = {
  check: { load: async () => import('./check').then((m) => ({ run: m.runCheck, usage: m.CHECK_USAGE })), summary: 'shape-check a project: per-node shapes, params, FLOPs, problems' },
  train: { load: async () => import('./train').then((m) => ({ run: m.runTrain, usage: m.TRAIN_USAGE })), summary: 'train a project on its dataset, with a progress bar' },
  export: { load: async () => import('./export').then((m) => ({ run: m.runExport, usage: m.EXPORT_USAGE })), summary: 'export the inference model as ONNX, or a PyTorch script or notebook that trains it' },
  import: { load: async () => import('./import').then((m) => ({ run: m.runImport, usage: m.IMPORT_USAGE })), summary: 'open an ONNX model as a project: layers, weights, layout' },
  devices: { load: async () => import('./devices').then((m) => ({ run: m.runDevices, usage: m.DEVICES_USAGE })), summary: 'list the CPU and GPUs, and whether CUDA works here' },
  serve: { load: async () => import('../api/server/serve').then((m) => ({ run: m.runServe, usage: 'Usage: wiregrad serve [--port N]' })), summary: 'serve the app on 127.0.0.1 (web mode)' },
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
  if (!Object.hasOwn(commands, name)) {
    process.stderr.write(`wiregrad: unknown command "${name}"\n${help()}\n`);
    return 2;
  }
  const cmd = await commands[name].load();
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
