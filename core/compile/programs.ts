import { gradients } from '../autograd/grad';
import { checkDocument } from '../check/check';
import type { CheckResult } from '../check/types';
import type { ProjectDocument } from '../graph/document';
import { Builder } from '../ir/builder';
import { CompileError } from '../ir/errors';
import type { DType, Program, Value } from '../ir/ir';
import { findLayer } from '../layers/index';
import type { LoweringMode } from '../layers/types';
import { getOptimizer } from '../optim/index';
import { clipGradNorm } from '../optim/clipGradNorm';
import { lowerForward, type ForwardOutputs } from './forward';
import { bufferLayout, paramLayout, type TensorLayout, type TensorSlot } from './paramLayout';
import { outputName, portName, type Port, type ProgramSignature, type Role } from './signature';

/**
 * The programs a training run needs, all over the same flat parameter vector:
 * - train:  one full step (forward, backward, optimizer update); carries params, buffers,
 *           optimizer state and the step counter
 * - grad:   forward + backward only → loss, correct, grad, buffers' (data-parallel replicas)
 * - eval:   forward only in eval mode → loss, correct, prediction (validation and test)
 * - update: the optimizer alone (each data-parallel replica applies the averaged gradient
 *           with it; the same update code as 'train')
 * Every program comes with its typed signature (./signature.ts): the only description of
 * its inputs and outputs the rest of the system reads.
 */
export type ProgramKind = 'train' | 'grad' | 'eval' | 'update';

export interface CompiledProgram {
  kind: ProgramKind;
  program: Program;
  signature: ProgramSignature;
  /** The flat parameter vector's layout. */
  layout: TensorLayout;
  /** The flat buffer vector's layout (BatchNorm running statistics); total 0 without any. */
  buffers: TensorLayout;
  /** Optimizer state vectors, each as long as the parameter vector (`exp_avg`, ...). */
  optStateKeys: string[];
  batch: number;
  sampleShape: number[];
  /** Per-sample type of the Input node's `y` (class labels, or float targets for regression). */
  target: { shape: number[]; dtype: DType };
  classification: boolean;
}

export function inputShape(doc: ProjectDocument): number[] {
  const input = doc.nodes.find((n) => findLayer(n.type)?.category === 'input');
  if (!input) throw new CompileError('GRAPH_NO_INPUT', 'The model has no Input node');
  return [...((input.params.shape as number[]) ?? [1, 28, 28])];
}

/** Per-sample type of the labels or targets the Input node's `y` delivers, as the checker typed it. */
export function targetType(doc: ProjectDocument, check: CheckResult): { shape: number[]; dtype: DType } {
  const input = doc.nodes.find((n) => findLayer(n.type)?.category === 'input');
  const y = input ? check.nodes[input.id]?.outputs.y : null;
  return y ? { shape: [...y.shape], dtype: y.dtype } : { shape: [], dtype: 'int64' };
}

/** Names and records the program's inputs and outputs by role, so the signature cannot drift from the graph. */
class SignedBuilder extends Builder {
  readonly signature: ProgramSignature = { inputs: [], outputs: [] };

  declare(role: Role, shape: number[], dtype: DType = 'float32', key?: string): Value {
    const name = portName(role, key);
    this.signature.inputs.push({ name, role, key, shape: [...shape], dtype });
    return this.input(name, shape, dtype);
  }

  produce(role: Role, value: Value, key?: string): void {
    const name = outputName(role, key);
    this.signature.outputs.push({ name, role, key, shape: [...value.shape], dtype: value.dtype });
    this.output(name, value);
  }

  /** An input declared on first use (the step counter and rng seed only where noise is drawn). */
  lazy(role: Role, shape: number[], dtype: DType): () => Value {
    let v: Value | null = null;
    return () => (v ??= this.declare(role, shape, dtype));
  }
}

export function buildProgram(doc: ProjectDocument, kind: ProgramKind, batch: number, check: CheckResult = checkDocument(doc)): CompiledProgram {
  const layout = paramLayout(doc, check);
  const buffers = bufferLayout(doc, check);
  const cfg = doc.training.optimizer;
  const optStateKeys = kind === 'train' || kind === 'update' ? getOptimizer(cfg).stateNames(cfg) : [];
  const sampleShape = inputShape(doc);
  const target = targetType(doc, check);
  const b = new SignedBuilder();
  const compiled = (classification: boolean): CompiledProgram => ({
    kind, program: b.program(), signature: b.signature, layout, buffers, optStateKeys, batch, sampleShape, target, classification,
  });
  const P = layout.total;

  if (kind === 'update') {
    const params = b.declare('params', [P]);
    const grad = b.declare('grad', [P]);
    const state = optStateKeys.map((k) => b.declare('optState', [P], 'float32', k));
    const step = b.declare('step', []);
    const lr = b.declare('lr', []);
    emitUpdate(b, doc, { params, grad, state, step, lr }, optStateKeys, layout);
    return compiled(false);
  }

  const params = b.declare('params', [P]);
  const bufferVec = buffers.total ? b.declare('buffers', [buffers.total]) : null;
  const state = optStateKeys.map((k) => b.declare('optState', [P], 'float32', k));
  const step = kind === 'train' ? b.declare('step', []) : null;
  const lr = kind === 'train' ? b.declare('lr', []) : null;
  const x = b.declare('x', [batch, ...sampleShape]);
  const y = b.declare('y', [batch, ...target.shape], target.dtype);
  const stepInput = step ? () => step : b.lazy('step', [], 'float32');
  const seedInput = b.lazy('rngSeed', [], 'int64');
  // Only data-parallel shards (the grad program) are part of a bigger batch; a whole batch starts at 0.
  const offsetInput = kind === 'grad' ? b.lazy('rngOffset', [], 'int64') : () => undefined;

  // Every weight and buffer is read out of its flat vector by Splits (not a Slice per tensor:
  // see core/ops/prims/Split.ts; a tree of them for many tensors, see ONE_SPLIT_MAX), so the
  // gradient of the flat parameter vector is simply the gradient of `params`: Split's VJP
  // concatenates the per-tensor gradients.
  const weightOf = splitSlots(b, params, layout, 'param');
  const bufferOf = bufferVec ? splitSlots(b, bufferVec, buffers, 'buffer') : null;
  const mode: LoweringMode = kind === 'eval' ? 'eval' : 'train';
  const fwd = lowerForward(
    b,
    doc,
    check,
    { params: layout, buffers },
    {
      x,
      y,
      weight: (slot) => weightOf(slot),
      buffer: (slot) => bufferOf!(slot),
      randomness: () => ({ seed: seedInput(), step: stepInput(), offset: offsetInput() }),
    },
    { withLoss: true, mode },
  );
  const loss = fwd.loss!;
  b.produce('loss', loss);
  if (fwd.correct) b.produce('correct', fwd.correct);
  if (kind === 'eval') {
    if (fwd.prediction) b.produce('prediction', fwd.prediction);
    return compiled(!!fwd.correct);
  }

  const [flatGrad] = b.inScope('params.grad', () => gradients(b, loss, [params]));
  if (kind === 'grad') b.produce('grad', flatGrad);
  else emitUpdate(b, doc, { params, grad: flatGrad, state, step: step!, lr: lr! }, optStateKeys, layout);
  if (bufferVec && fwd.bufferNext.size) b.produce('buffers', nextBuffers(b, buffers, bufferOf!, fwd));
  return compiled(!!fwd.correct);
}

/**
 * ONNX Runtime sorts a graph (Graph::KahnsTopologicalSort, run for every graph transformer
 * and for the session's plan) with a ready queue kept as a sorted linked list, so a node that
 * readies N consumers at once costs N²/2 list steps each time: one Split of a 1,000-layer
 * chain's 2,000 tensors made session creation quadratic (2.2 s for 1,000 layers, 31 s for
 * 4,000). Up to ONE_SPLIT_MAX tensors stay one Split (as for every usual model: the queue cost
 * is nothing there, and the step graph stays as measured); more are read through a tree of
 * Splits of SPLIT_FANOUT parts, whose gradient is the matching tree of Concats.
 */
export const ONE_SPLIT_MAX = 64;
export const SPLIT_FANOUT = 16;

/**
 * Splits a flat vector into its slots and returns each slot's tensor in its shape. The Splits
 * are made on first use (a tree of them for many slots, see ONE_SPLIT_MAX), so a branch is
 * emitted next to the layer that first reads it; the reshape is scoped `<nodeId>.<kind>` so
 * it points back to the layer.
 */
function splitSlots(b: Builder, flat: Value, layout: TensorLayout, kind: 'param' | 'buffer'): (slot: TensorSlot) => Value {
  const index = new Map(layout.slots.map((s, i) => [s.name, i]));
  const part = b.inScope(`${kind}s.split`, () => lazySplit(b, () => flat, layout.slots.map((s) => s.size)));
  const reshaped = new Map<string, Value>();
  return (slot) => {
    let v = reshaped.get(slot.name);
    if (!v) {
      const p = b.inScope(`${kind}s.split`, () => part(index.get(slot.name)!));
      v = b.inScope(`${slot.nodeId}.${kind}`, () => b.reshape(p, slot.shape));
      reshaped.set(slot.name, v);
    }
    return v;
  };
}

/** Part i of a vector cut into `sizes`: one Split, or a tree of them (see ONE_SPLIT_MAX), made on first use. */
function lazySplit(b: Builder, whole: () => Value, sizes: number[], max = ONE_SPLIT_MAX): (i: number) => Value {
  if (sizes.length <= max) {
    let parts: Value[] | null = null;
    return (i) => (parts ??= sizes.length === 1 ? [whole()] : b.op('Split', [whole()], { axis: 0, split: sizes }))[i];
  }
  const per = Math.ceil(sizes.length / SPLIT_FANOUT);
  const groups: number[][] = [];
  for (let i = 0; i < sizes.length; i += per) groups.push(sizes.slice(i, i + per));
  const top = lazySplit(b, whole, groups.map((g) => g.reduce((a, s) => a + s, 0)), SPLIT_FANOUT);
  const branches = groups.map((g, k) => lazySplit(b, () => top(k), g, SPLIT_FANOUT));
  return (i) => branches[Math.floor(i / per)](i % per);
}

/** The buffer vector after this step: updated slots take their new value, the others stay. */
function nextBuffers(b: Builder, layout: TensorLayout, current: (slot: TensorSlot) => Value, fwd: ForwardOutputs): Value {
  return b.inScope('buffers.next', () =>
    b.op1(
      'Concat',
      layout.slots.map((s) => b.reshape(fwd.bufferNext.get(s.name) ?? current(s), [-1])),
      { axis: 0 },
    ),
  );
}

interface UpdateOperands {
  params: Value;
  grad: Value;
  state: Value[];
  step: Value;
  lr: Value;
}

/**
 * The optimizer step as graph nodes → params', optimizer state', step + 1 (shared by 'train'
 * and 'update'). Frozen layers (trainable: false) get a zero gradient, so their optimizer
 * state stays zero, and keep their parameters bit for bit: Where picks the old values, so
 * no weight decay or rounding can touch them.
 */
function emitUpdate(b: SignedBuilder, doc: ProjectDocument, o: UpdateOperands, keys: string[], layout: TensorLayout): void {
  const cfg = doc.training.optimizer;
  const opt = getOptimizer(cfg);
  const maxNorm = doc.training.clip_grad_norm;
  const mask = layout.slots.some((s) => s.frozen) ? b.inScope('params.frozen', () => trainableMask(b, layout)) : null;
  // Frozen entries are zeroed before clipping, so they count in neither the norm nor the update.
  const masked = mask ? b.inScope('params.frozen', () => b.mul(o.grad, mask)) : o.grad;
  const grad = maxNorm ? b.inScope('params.clip_grad_norm', () => clipGradNorm(b, masked, maxNorm)) : masked;
  const upd = b.inScope(`optimizer.${cfg.type}`, () => opt.update(b, cfg, { params: o.params, grad, state: o.state, step: o.step, lr: o.lr }));
  const params = mask ? b.inScope('params.frozen', () => b.op1('Where', [b.op1('Cast', [mask], { to: 'bool' }), upd.params, o.params])) : upd.params;
  b.produce('params', params);
  upd.state.forEach((s, i) => b.produce('optState', s, keys[i]));
  b.produce('step', b.inScope(`optimizer.${cfg.type}`, () => b.add(o.step, b.scalar(1))));
}

/** [P] of 1 (trainable) and 0 (frozen), as one Expand per run of slots alike, concatenated. */
function trainableMask(b: Builder, layout: TensorLayout): Value {
  const runs: { value: number; size: number }[] = [];
  for (const s of layout.slots) {
    const value = s.frozen ? 0 : 1;
    const last = runs[runs.length - 1];
    if (last && last.value === value) last.size += s.size;
    else runs.push({ value, size: s.size });
  }
  const parts = runs.map((r) => b.op1('Expand', [b.constant([r.value], [1])], { shape: [r.size] }));
  return parts.length === 1 ? parts[0] : b.op1('Concat', parts, { axis: 0 });
}

export type { Port };
