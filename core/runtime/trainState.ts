import { Rng } from '../util/rng';
import type { StateRole } from '../compile/signature';

/**
 * Everything a run carries from step to step, on the host: the flat parameter vector,
 * the flat buffer vector (BatchNorm running statistics), the optimizer's state vectors by
 * name and the number of updates applied. This is what a checkpoint saves (with the run's
 * position and RNG state) and what data-parallel replicas keep identical.
 */
export interface TrainState {
  params: Float32Array;
  buffers: Float32Array;
  opt: Record<string, Float32Array>;
  step: number;
}

export function initialTrainState(params: Float32Array, buffers: Float32Array, optKeys: string[]): TrainState {
  return { params, buffers, opt: Object.fromEntries(optKeys.map((k) => [k, new Float32Array(params.length)])), step: 0 };
}

export function cloneTrainState(s: TrainState): TrainState {
  return {
    params: new Float32Array(s.params),
    buffers: new Float32Array(s.buffers),
    opt: Object.fromEntries(Object.entries(s.opt).map(([k, v]) => [k, new Float32Array(v)])),
    step: s.step,
  };
}

/** The host value of a state role (scalars as numbers). */
export function stateValue(s: TrainState, role: StateRole, key?: string): Float32Array | number {
  switch (role) {
    case 'params':
      return s.params;
    case 'buffers':
      return s.buffers;
    case 'optState': {
      const v = s.opt[key!];
      if (!v) throw new Error(`optimizer state "${key}" is missing from the run state`);
      return v;
    }
    case 'step':
      return s.step;
  }
}

export function setStateValue(s: TrainState, role: StateRole, key: string | undefined, value: Float32Array | number): void {
  switch (role) {
    case 'params':
      s.params = value as Float32Array;
      return;
    case 'buffers':
      s.buffers = value as Float32Array;
      return;
    case 'optState':
      s.opt[key!] = value as Float32Array;
      return;
    case 'step':
      s.step = value as number;
  }
}

/**
 * The rng seed fed to replica `index` of a run (Dropout masks): independent streams per
 * replica, and a single-device run uses replica 0's, so `cpu:1` and `cuda:0` draw alike.
 */
export function replicaSeed(runSeed: number, index: number): number {
  return new Rng(runSeed).fork(1000 + index).nextU32() >>> 1;
}
