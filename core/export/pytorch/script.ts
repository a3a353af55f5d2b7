import { MAIN_PY } from './py/train';
import type { ExportContext, Section } from './sections';

/** What the script's docstring and the notebook's first cell say about the project and how to run it. */
export function usageText(ctx: ExportContext, file: string): string {
  const t = ctx.doc.training;
  return `${ctx.doc.name}: a Wiregrad project as a PyTorch training script.

Needs only PyTorch (pip install torch, or Debian's python3-torch). Beside this file:
${ctx.weightsIndex} and its .bin hold ${ctx.weightsOrigin}.
With the same seed and data, the losses step by step equal "wiregrad train"'s.${ctx.model.notes.map((n) => `\n${wrap(n).join('\n')}`).join('')}

    python3 ${file}                            the project's settings (${t.epochs} epoch${t.epochs === 1 ? '' : 's'}, batch ${t.batch_size})
    python3 ${file} --steps 100 --metrics run.jsonl
    python3 ${file} --device cuda              one GPU; --device cuda:all: all GPUs (DataParallel)

Several processes (DistributedDataParallel: gloo on the CPU, nccl on GPUs). --batch-size is
the global batch, split across all processes, so the loss curve equals one process's; only
rank 0 writes --metrics and --checkpoint:

    torchrun --nproc_per_node=2 ${file} --device cpu
    torchrun --nproc_per_node=8 ${file} --device cuda     one process per GPU

(torch 1.13's torchrun under Python 3.11, as in Debian 12, fails at start with "'NoneType'
object has no attribute 'get'"; add --redirects 1 --tee 1 after torchrun.)

Several machines: start the same command on each, NODE = 0 on the first machine, 1, 2, ...
on the others (all reach FIRST_HOST:29500):

    torchrun --nnodes=2 --node_rank=NODE --nproc_per_node=8 \\
             --master_addr=FIRST_HOST --master_port=29500 ${file} --device cuda

or with elastic rendezvous (no node ranks to hand out):

    torchrun --nnodes=2 --nproc_per_node=8 --rdzv_backend=c10d \\
             --rdzv_endpoint=FIRST_HOST:29400 --rdzv_id=JOB_NAME ${file} --device cuda

Options (as "wiregrad train" spells them): --epochs N, --steps N, --batch-size N, --seed N,
--no-shuffle, --data PATH, --metrics FILE, --device, --checkpoint FILE, --weights FILE,
--threads N; python3 ${file} --help lists them.`;
}

function banner(title: string): string {
  return `# --- ${title} ${'-'.repeat(Math.max(3, 92 - title.length))}`;
}

/** Words in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width = 95): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...out, line];
}

function comment(text: string): string {
  return wrap(text, 93).map((l) => `# ${l}`).join('\n');
}

/** The sections as one script with a command line. */
export function renderScript(ctx: ExportContext, parts: Section[], file: string): string {
  const doc = usageText(ctx, file).replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
  const body = parts.map((s) => `${banner(s.title)}\n${comment(s.intro)}\n\n${s.code}`);
  return [`#!/usr/bin/env python3\n"""${doc}\n"""`, ...body, `${banner('Command line')}\n\n${MAIN_PY.trim()}`].join('\n\n\n') + '\n';
}
