import type { ParamValue } from '../graph/document';
import type { Diagnostic } from '../check/diagnostics';
import type { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';

/** `block`: a composite layer defined in the project (core/blocks), not a built-in. */
export type LayerCategory = 'input' | 'layer' | 'normalization' | 'dropout' | 'activation' | 'pooling' | 'merge' | 'reshape' | 'loss' | 'block';

/**
 * int: integer; intOrAuto: integer or "auto" (inferred from the incoming shape);
 * intPair: `3` or `[3,3]` (PyTorch's int-or-tuple); shape: list of positive integers;
 * float, bool: as named; floatList: a list of numbers typed like a shape, `2, 1.5, 3`, for a
 * PyTorch tensor argument (BCEWithLogitsLoss's pos_weight); text: a string (imported ONNX op
 * types and attributes).
 */
export type ParamKind = 'int' | 'intOrAuto' | 'intPair' | 'shape' | 'float' | 'floatList' | 'bool' | 'text';

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  default: ParamValue;
  /** Smallest allowed value for numeric kinds (each element for pairs and shapes). */
  min?: number;
  /** What a null value means, shown in an empty field (params whose default is null). */
  nullText?: string;
  /** Largest allowed value for numeric kinds. */
  max?: number;
  /** `null` is allowed too (PyTorch's None, e.g. BatchNorm's momentum: a cumulative average). */
  nullable?: boolean;
  doc: string;
  /** text only: the allowed values (PyTorch's string choices, e.g. GELU's approximate); the inspector shows a menu. */
  options?: string[];
  /** PyTorch's constructor has no default for it (Wiregrad's `default` is only a starting value): signatures show it bare. */
  torchRequired?: boolean;
}

/** `tensor`: float data; `label`: the dataset's targets (Input's `y`, a loss's `target`): class labels or float values. */
export type PortKind = 'tensor' | 'label';

export interface PortSpec {
  name: string;
  kind: PortKind;
  /** Inputs only: false for inputs the layer can work without. */
  required?: boolean;
}

/** Per-sample tensor type on a port: shape without the batch dimension. */
export interface TensorType {
  shape: number[];
  dtype: 'float32' | 'int64';
}

export interface InferContext {
  nodeId: string;
  /** Params with defaults filled in and pairs normalised; "auto" stays "auto". */
  params: Record<string, ParamValue>;
  /** Incoming per-sample types by input port name (absent when unconnected). */
  inputs: Record<string, TensorType | undefined>;
  /** Incoming edge ids by input port name, so diagnostics can point at the edge. */
  inputEdges: Record<string, string | undefined>;
  /** The node and output port feeding each input port, so a fix can change the producer (an upstream out_channels). */
  inputSources?: Record<string, { nodeId: string; type: string; port: string } | undefined>;
}

export interface InferResult {
  /** Per-sample output types by output port name; null when they cannot be determined. */
  outputs: Record<string, TensorType | null>;
  /** Params after resolving "auto" from the incoming shape. */
  resolvedParams?: Record<string, ParamValue>;
  /** Number of trainable scalars. */
  paramCount: number;
  /** Multiply-accumulates ×2 per sample, forward pass. */
  flops: number;
  diagnostics: Diagnostic[];
}

/**
 * How a tensor starts, as PyTorch's reset_parameters sets it per module: uniform(-bound,
 * bound) drawn from the project seed, or a constant (ones for BatchNorm's weight and
 * running_var, zeros for biases and running_mean).
 */
export type InitSpec = { kind: 'uniform'; bound: number } | { kind: 'constant'; value: number };

/** A tensor a layer declares (a trainable parameter or a non-trainable buffer). */
export interface TensorDecl {
  /** `weight`, `bias`, `running_mean`, ...; exported and checkpointed as `<nodeId>.<role>`. */
  role: string;
  shape: number[];
  init: InitSpec;
}

/** A trainable tensor. */
export type ParamTensor = TensorDecl;

/** Train mode uses batch statistics and random masks; eval mode running statistics and identity. */
export type LoweringMode = 'train' | 'eval';

export interface LowerContext {
  b: Builder;
  nodeId: string;
  params: Record<string, ParamValue>;
  /** Batch-inclusive input values by port name. */
  inputs: Record<string, Value | undefined>;
  /** Trainable tensors this layer declared, by role. */
  weights: Record<string, Value>;
  /** Non-trainable tensors this layer declared (running statistics), by role. */
  buffers: Record<string, Value>;
  mode: LoweringMode;
  /**
   * The next value of one of this layer's buffers (train mode: BatchNorm's running
   * statistics). Buffers that are not set keep their value.
   */
  setBuffer(role: string, next: Value): void;
  /**
   * Uniform [0, 1) float32 noise of this shape, derived in the graph from the run's rng seed,
   * the step counter and this node, so runs are reproducible, K fused steps equal K single
   * steps and data-parallel replicas draw independent streams.
   */
  random(shape: number[]): Value;
}

export interface LayerDef {
  type: string;
  category: LayerCategory;
  /** One line shown in the palette and the inspector. */
  doc: string;
  params: ParamSpec[];
  /** Input ports with the default params; `inputsFor` where they depend on the params. */
  inputs: PortSpec[];
  /**
   * Input ports for these params (Add's and Concat's `num_inputs` give `in0..in{n-1}`).
   * Read ports through `inputPorts(def, params)` (core/layers/ports.ts), never `def.inputs`
   * directly, so every part of the app agrees on them.
   */
  inputsFor?(params: Record<string, ParamValue>): PortSpec[];
  outputs: PortSpec[];
  /** Compact body text for the node, e.g. `3→32 · k3 s1 p1`. */
  summary(params: Record<string, ParamValue>): string;
  infer(ctx: InferContext): InferResult;
  /** Trainable tensors from resolved params. */
  parameters?(params: Record<string, ParamValue>): ParamTensor[];
  /** Non-trainable state carried through training (BatchNorm's running statistics). */
  buffers?(params: Record<string, ParamValue>): TensorDecl[];
  /** Emits the forward pass; returns batch-inclusive output values by port name. */
  lower(ctx: LowerContext): Record<string, Value>;
  /**
   * Training mixes the samples of a batch (BatchNorm's batch statistics): a batch split
   * across data-parallel replicas then computes another function than the whole batch, so
   * plain "cpu" keeps such models in one session (core/runtime/createExecutor.ts).
   */
  mixesBatch?: true;
  /**
   * How the layer reads in an exported PyTorch script (core/export/pytorch). Every layer but
   * Input (the data itself) needs one; a registry-driven test checks that, and that the
   * module computes what `lower` does.
   */
  torch?: TorchForm;
}

export interface TorchContext {
  /** Resolved params ("auto" filled in, pairs widened, pooling stride set). */
  params: Record<string, ParamValue>;
  /** Incoming per-sample types by input port name. */
  inputs: Record<string, TensorType | undefined>;
  /** The module instance in Python, e.g. `self.fc1` (`criterion` for a loss). */
  call: string;
  /** Python expressions of the connected inputs by port name, e.g. `{ in: 'x' }`. */
  args: Record<string, string>;
}

/**
 * Python source fragments of a layer. Parameter roles (ParamTensor.role) must be the
 * module's own state_dict names (`weight`, `bias`, later `running_mean`, ...), so Wiregrad's
 * `<nodeId>.<role>` tensors load into `<attribute>.<role>` unchanged.
 */
export interface TorchForm {
  /** The nn.Module constructor, e.g. `nn.Linear(784, 128)`. */
  module(ctx: TorchContext): string;
  /**
   * The forward expression; default `call(args of the connected inputs, in port order)`.
   * A layer with several outputs returns a tuple in the order of `outputs`.
   */
  forward?(ctx: TorchContext): string;
  /** Python definitions (a helper class or function) the fragments use, by name; emitted once. */
  helpers?: Record<string, string>;
  /** Where the script cannot follow Wiregrad step for step with this layer; printed in its header. */
  note?: string;
  /** Losses: whether the script counts correct predictions for this target type (default: for integer labels). */
  classification?(target: TensorType | undefined): boolean;
}
