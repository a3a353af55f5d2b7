/**
 * How much memory one training step needs, and whether it fits: float32 parameters, their
 * gradients and the optimizer's state (momentum: one copy, Adam: two moments), plus every
 * activation at the batch size, twice (the value kept for the backward pass and its
 * gradient). An estimate to refuse hopeless runs up front, not an allocator's answer: a
 * 315M-parameter model used to start anyway and take the machine down.
 *
 * Pure: the renderer shows the same figure; what memory is available is asked by the
 * caller (core/devices/memory.ts) and passed in.
 */

import type { CheckResult } from './types';
import type { ProjectDocument } from '../graph/document';
import { numel } from '../ir/ir';
import { CompileError } from '../ir/errors';
import { formatBytes } from '../util/bytes';

export interface MemoryEstimate {
  parameters: number;
  gradients: number;
  optimizerState: number;
  /** Forward activations and their gradients at the batch size. */
  activations: number;
  total: number;
}

export function estimateTrainingMemory(doc: ProjectDocument, check: CheckResult): MemoryEstimate {
  const opt = doc.training.optimizer;
  const stateCopies = opt.type === 'sgd' ? (opt.momentum > 0 ? 1 : 0) : 2;
  const parameters = check.totalParams * 4;
  const activations = activationsPerSample(check) * doc.training.batch_size * 4 * 2;
  const optimizerState = parameters * stateCopies;
  return { parameters, gradients: parameters, optimizerState, activations, total: parameters * 2 + optimizerState + activations };
}

/** Elements of every node output for one sample: what a forward pass holds per sample. */
export function activationsPerSample(check: CheckResult): number {
  let perSample = 0;
  for (const n of Object.values(check.nodes)) for (const t of Object.values(n.outputs)) if (t) perSample += numel(t.shape);
  return perSample;
}

/** Refuses (MODEL_TOO_LARGE) a model whose training step cannot fit in `availableBytes`, with the estimate in the message. */
export function requireMemory(doc: ProjectDocument, check: CheckResult, availableBytes: number): MemoryEstimate {
  const e = estimateTrainingMemory(doc, check);
  if (e.total > availableBytes) {
    throw new CompileError(
      'MODEL_TOO_LARGE',
      `Training this model needs about ${formatBytes(e.total)} (parameters ${formatBytes(e.parameters)}, gradients ${formatBytes(e.gradients)}, ` +
        `optimizer state ${formatBytes(e.optimizerState)}, activations at batch ${doc.training.batch_size} ${formatBytes(e.activations)}) ` +
        `but only ${formatBytes(availableBytes)} is available; make the model smaller or lower the batch size`,
    );
  }
  return e;
}
