import type { OptimizerConfig } from '../graph/document';
import type { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';

/** What an update reads: all graph values (the learning rate too, so schedules need no recompilation). */
export interface UpdateInputs {
  params: Value;
  grad: Value;
  /** One vector per stateNames entry, in that order. */
  state: Value[];
  /** Updates already applied (float scalar). */
  step: Value;
  /** Learning rate for this step (float scalar). */
  lr: Value;
}

/**
 * An optimizer as graph nodes over the flat parameter vector. `step` is the number of
 * updates already applied (float scalar), so bias corrections and first-step rules are
 * computed in the graph and K fused steps need no host round trip.
 */
export interface OptimizerDef<C extends OptimizerConfig = OptimizerConfig> {
  type: C['type'];
  /** Names of the per-parameter state vectors (each as long as the parameter vector). */
  stateNames(cfg: C): string[];
  update(b: Builder, cfg: C, inputs: UpdateInputs): { params: Value; state: Value[] };
}
