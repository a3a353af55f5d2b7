/**
 * Binds host state and data to a program's inputs and its outputs back to host state,
 * by role, from the program's signature. This is the only runtime code that knows how a
 * role becomes an ORT tensor; nothing here spells an input name.
 */
import { carriedPairs, isStateRole, type Port, type ProgramSignature, type Role } from '../compile/signature';
import type { LoopSignature } from '../onnx/loop';
import { ort } from './session';
import { setStateValue, stateValue, type TrainState } from './trainState';

/** Labels (int64 class indices) or float targets (regression). */
export type Targets = BigInt64Array | Float32Array;

/** What one call provides besides the carried state. */
export interface CallData {
  x?: Float32Array;
  y?: Targets;
  lr?: number;
  rngSeed?: number;
  /** Index of the shard's first sample in the whole batch (0 unless replicas share one stream). */
  rngOffset?: number;
  grad?: Float32Array;
}

type OrtData = Float32Array | BigInt64Array | Uint8Array;

function tensor(p: Port, data: OrtData | number, shape = p.shape): ort.Tensor {
  if (typeof data === 'number') {
    if (p.dtype === 'int64') return new ort.Tensor('int64', BigInt64Array.from([BigInt(Math.trunc(data))]), shape);
    return new ort.Tensor('float32', Float32Array.from([data]), shape);
  }
  if (p.dtype === 'int64' && !(data instanceof BigInt64Array)) throw new Error(`input "${p.name}" needs int64 data`);
  if (p.dtype === 'float32' && !(data instanceof Float32Array)) throw new Error(`input "${p.name}" needs float32 data`);
  return new ort.Tensor(p.dtype === 'int64' ? 'int64' : p.dtype === 'bool' ? 'bool' : 'float32', data, shape);
}

/** Which CallData field feeds each non-state input role. */
const CALL_FIELD: Partial<Record<Role, keyof CallData>> = { x: 'x', y: 'y', lr: 'lr', rngSeed: 'rngSeed', rngOffset: 'rngOffset', grad: 'grad' };

function callValue(p: Port, d: CallData): OrtData | number {
  const field = CALL_FIELD[p.role];
  const v = field ? d[field] : undefined;
  if (v === undefined) throw new Error(`no value given for input "${p.name}" (${p.role})`);
  return v;
}

/** Feeds for one run of a single-step program. */
export function feedsFor(sig: ProgramSignature, state: TrainState, data: CallData): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const p of sig.inputs) feeds[p.name] = tensor(p, isStateRole(p.role) ? stateValue(state, p.role, p.key) : callValue(p, data));
  return feeds;
}

/** Moves every carried output into the state (params_out → params, ...). */
export function absorbOutputs(pairs: ReturnType<typeof carriedPairs>, state: TrainState, out: ort.InferenceSession.OnnxValueMapType): void {
  for (const { output } of pairs) {
    if (!isStateRole(output.role)) continue;
    const data = out[output.name].data as Float32Array;
    setStateValue(state, output.role, output.key, output.role === 'step' ? Number(data[0]) : data);
  }
}

/** A block of K steps for the Loop model: batches back to back and one learning rate per step. */
export interface StepBlock {
  xs: Float32Array;
  ys: Targets;
  lrs: Float32Array;
  k: number;
}

export function loopFeeds(ls: LoopSignature, state: TrainState, block: StepBlock, rngSeed: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const { input } of ls.carried) feeds[input.name] = tensor(input, stateValue(state, input.role as never, input.key));
  for (const p of ls.perRun) feeds[p.name] = tensor(p, callValue(p, { rngSeed }));
  const stacked: Partial<Record<Role, OrtData>> = { x: block.xs, y: block.ys, lr: block.lrs };
  for (const s of ls.perStep) {
    const data = stacked[s.port.role];
    if (!data) throw new Error(`no per-step block for input "${s.port.name}" (${s.port.role})`);
    feeds[s.name] = tensor(s.port, data, [block.k, ...s.port.shape]);
  }
  return feeds;
}

export function scalarOutput(out: ort.InferenceSession.OnnxValueMapType, sig: ProgramSignature, role: Port['role']): number {
  const p = sig.outputs.find((o) => o.role === role);
  return p ? Number((out[p.name].data as Float32Array)[0]) : NaN;
}
