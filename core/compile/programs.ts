import { gradients } from '../autograd/grad';
import { checkDocument } from '../check/check';
import type { CheckResult } from '../check/types';
import type { ProjectDocument } from '../graph/document';
import { Builder } from '../ir/builder';
import { CompileError } from '../ir/errors';
import type { Program, Value } from '../ir/ir';
import { getOptimizer } from '../optim/index';
import { lowerForward } from './forward';
import { paramLayout, type ParamLayout } from './paramLayout';

/**
 * The programs a training run needs, all over the same flat parameter vector:
 * - train: one full step (forward, backward, optimizer update) → loss, correct, params', state'
 * - grad:  forward + backward only → loss, correct, grad (data-parallel replicas)
 * - eval:  forward only → loss, correct, prediction (validation and test)
 * - update: the optimizer alone: params, grad, state.*, step → params', state' (each
 *   data-parallel replica applies the averaged gradient with it; same update code as 'train')
 */
export type ProgramKind = 'train' | 'grad' | 'eval' | 'update';

export interface CompiledProgram {
  kind: ProgramKind;
  program: Program;
  layout: ParamLayout;
  stateNames: string[];
  batch: number;
  sampleShape: number[];
  classification: boolean;
}

export function inputShape(doc: ProjectDocument): number[] {
  const input = doc.nodes.find((n) => n.type === 'Input');
  if (!input) throw new CompileError('GRAPH_NO_INPUT', 'The model has no Input node');
  return [...((input.params.shape as number[]) ?? [1, 28, 28])];
}

export function buildProgram(doc: ProjectDocument, kind: ProgramKind, batch: number, check: CheckResult = checkDocument(doc)): CompiledProgram {
  const layout = paramLayout(doc, check);
  const opt = getOptimizer(doc.training.optimizer);
  const stateNames = kind === 'train' || kind === 'update' ? opt.stateNames(doc.training.optimizer) : [];
  const sampleShape = inputShape(doc);
  const b = new Builder();
  if (kind === 'update') {
    const params = b.input('params', [layout.total]);
    const grad = b.input('grad', [layout.total]);
    const state = stateNames.map((n) => b.input(`state.${n}`, [layout.total]));
    const step = b.input('step', []);
    emitUpdate(b, doc, params, grad, state, step, stateNames);
    return { kind, program: b.program(), layout, stateNames, batch, sampleShape, classification: false };
  }
  const params = b.input('params', [layout.total]);
  const state = stateNames.map((n) => b.input(`state.${n}`, [layout.total]));
  const step = kind === 'train' ? b.input('step', []) : null;
  const x = b.input('x', [batch, ...sampleShape]);
  const y = b.input('y', [batch], 'int64');

  const weightValues: Value[] = [];
  const fwd = lowerForward(
    b,
    doc,
    check,
    layout,
    { x, y },
    (slot) => {
      const w = b.inScope(`${slot.nodeId}.param`, () =>
        b.reshape(b.op1('Slice', [params], { starts: [slot.offset], ends: [slot.offset + slot.size], axes: [0], steps: [1] }), slot.shape),
      );
      weightValues.push(w);
      return w;
    },
    { withLoss: true, training: kind !== 'eval' },
  );
  const loss = fwd.loss!;
  b.output('loss', loss);
  if (fwd.correct) b.output('correct', fwd.correct);

  if (kind === 'eval') {
    if (fwd.prediction) b.output('prediction', fwd.prediction);
  } else {
    const grads = gradients(b, loss, weightValues);
    const flatGrad = b.inScope('params.grad', () => b.op1('Concat', grads.map((g) => b.reshape(g, [-1])), { axis: 0 }));
    if (kind === 'grad') {
      b.output('grad', flatGrad);
    } else {
      emitUpdate(b, doc, params, flatGrad, state, step!, stateNames);
    }
  }
  return { kind, program: b.program(), layout, stateNames, batch, sampleShape, classification: !!fwd.correct };
}

/** The optimizer step as graph nodes → params_out, state_out.* (shared by 'train' and 'update'). */
function emitUpdate(b: Builder, doc: ProjectDocument, params: Value, grad: Value, state: Value[], step: Value, stateNames: string[]): void {
  const opt = getOptimizer(doc.training.optimizer);
  const upd = b.inScope(`optimizer.${doc.training.optimizer.type}`, () => opt.update(b, doc.training.optimizer, params, grad, state, step));
  b.output('params_out', upd.params);
  upd.state.forEach((s, i) => b.output(`state_out.${stateNames[i]}`, s));
}
