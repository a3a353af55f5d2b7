import type { DType } from '../ir/ir';

/**
 * The typed signature of a compiled program: every graph input and output with its role.
 * It is the ONE place that spells the ONNX names of a program's inputs and outputs; the
 * executors, replica workers, the K-step Loop, checkpoints, export and tests read roles
 * from here instead of repeating name strings (JAX's pytree of carried state, PyTorch's
 * state_dict are the models).
 *
 * State roles (params, buffers, optState, step) are carried from step to step: when a
 * program outputs a state role, that output is the next value of the input of the same
 * role. Data roles (x, y) and the learning rate change every step (the K-step Loop stacks
 * them), the rng seed is fixed for a run (the rng offset for a replica: its shard's first
 * sample in the batch), grad is the update program's operand, and the
 * metric roles are per-step results.
 */
export type Role =
  | 'params'
  | 'buffers'
  | 'optState'
  | 'step'
  | 'lr'
  | 'rngSeed'
  | 'rngOffset'
  | 'x'
  | 'y'
  | 'grad'
  | 'loss'
  | 'correct'
  | 'prediction'
  | 'logits';

export type StateRole = 'params' | 'buffers' | 'optState' | 'step';

export interface Port {
  /** The ONNX input or output name (see portName). */
  name: string;
  role: Role;
  /** optState only: which vector, e.g. "exp_avg". */
  key?: string;
  shape: number[];
  dtype: DType;
}

export interface ProgramSignature {
  inputs: Port[];
  outputs: Port[];
}

const STATE_ROLES: ReadonlySet<Role> = new Set<Role>(['params', 'buffers', 'optState', 'step']);
/** Inputs that take a new value every step: the K-step Loop reads them from [K, ...] blocks. */
const PER_STEP_INPUTS: ReadonlySet<Role> = new Set<Role>(['x', 'y', 'lr']);
/** Outputs that are one result per step: the K-step Loop stacks them into [K, ...] scans. */
const PER_STEP_OUTPUTS: ReadonlySet<Role> = new Set<Role>(['loss', 'correct']);

export function isStateRole(role: Role): role is StateRole {
  return STATE_ROLES.has(role);
}

export function isPerStepInput(role: Role): boolean {
  return PER_STEP_INPUTS.has(role);
}

export function isPerStepOutput(role: Role): boolean {
  return PER_STEP_OUTPUTS.has(role);
}

const INPUT_NAMES: Record<Role, string> = {
  params: 'params',
  buffers: 'buffers',
  optState: 'opt',
  step: 'step',
  lr: 'lr',
  rngSeed: 'rng_seed',
  rngOffset: 'rng_offset',
  x: 'x',
  y: 'y',
  grad: 'grad',
  loss: 'loss',
  correct: 'correct',
  prediction: 'prediction',
  logits: 'logits',
};

/** ONNX name of an input (or of a non-state output) of this role. */
export function portName(role: Role, key?: string): string {
  return key === undefined ? INPUT_NAMES[role] : `${INPUT_NAMES[role]}.${key}`;
}

/** ONNX name of the output that carries the next value of a state input. */
export function stateOutputName(role: StateRole, key?: string): string {
  return `${portName(role, key)}_out`;
}

/** The output name for a port of this role: state roles get `_out`, others their plain name. */
export function outputName(role: Role, key?: string): string {
  return isStateRole(role) ? stateOutputName(role, key) : portName(role, key);
}

/** Input/output pairs of carried state: the output feeds the input of the next step. */
export function carriedPairs(sig: ProgramSignature): { input: Port; output: Port }[] {
  const pairs: { input: Port; output: Port }[] = [];
  for (const output of sig.outputs) {
    if (!isStateRole(output.role)) continue;
    const input = sig.inputs.find((p) => p.role === output.role && p.key === output.key);
    if (input) pairs.push({ input, output });
  }
  return pairs;
}

export function findInput(sig: ProgramSignature, role: Role, key?: string): Port | undefined {
  return sig.inputs.find((p) => p.role === role && p.key === key);
}

export function findOutput(sig: ProgramSignature, role: Role, key?: string): Port | undefined {
  return sig.outputs.find((p) => p.role === role && p.key === key);
}
