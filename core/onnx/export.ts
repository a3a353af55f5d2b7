import { checkDocument } from '../check/check';
import { bufferLayout, initBuffers, initParams, paramLayout, type TensorLayout } from '../compile/paramLayout';
import { lowerForward } from '../compile/forward';
import { inputShape } from '../compile/programs';
import type { ProjectDocument } from '../graph/document';
import { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';
import { onnx } from 'onnx-proto';
import { buildModel } from './emit';
import { exportNormalization, inputMetadata, setMetadata } from './metadata';
import type { RunDataFacts } from '../train/events';
import { CompileError } from '../ir/errors';
import { formatBytes } from '../util/bytes';

/** A protobuf message (so a .onnx file without external data) holds at most 2 GiB; keep room for the graph itself. */
export const MAX_ONNX_WEIGHT_BYTES = 2 ** 31 - 64 * 2 ** 20;

/** Refused before anything is allocated: the weights could not be written into one ONNX file. */
function requireOnnxSize(weightBytes: number): void {
  if (weightBytes <= MAX_ONNX_WEIGHT_BYTES) return;
  throw new CompileError(
    'EXPORT_TOO_LARGE',
    `The model's weights take ${formatBytes(weightBytes)}, more than one ONNX file can hold (${formatBytes(MAX_ONNX_WEIGHT_BYTES)}, protobuf's 2 GB limit); make the model smaller`,
  );
}

export interface ExportOptions {
  /** Trained flat parameter vector; else `weights` by name; else the seeded initial weights. */
  params?: Float32Array;
  /** Trained flat buffer vector (running statistics); else `weights` by name; else their initial values. */
  buffers?: Float32Array;
  /** Tensors by state_dict name (`<nodeId>.weight`, `<nodeId>.running_mean`, ...). */
  weights?: Map<string, Float32Array>;
  seed?: number;
  /** The trained run's class names and normalisation, for the metadata (see metadata.ts). */
  data?: RunDataFacts;
  /**
   * Put the training normalisation into the graph as Sub and Div nodes, so the model takes
   * inputs scaled as ToTensor scales them ([0, 1] for images) rather than normalised ones.
   */
  withPreprocessing?: boolean;
}

/**
 * The inference model: forward pass in eval mode (BatchNorm with running statistics,
 * Dropout as identity), weights and buffers as initializers named `<nodeId>.<role>`, input
 * `input` and output `logits` with a symbolic batch dimension N, and metadata_props saying
 * how to prepare the input as training did (core/onnx/metadata.ts).
 */
export function exportInferenceModel(doc: ProjectDocument, opts: ExportOptions = {}): Uint8Array {
  const check = checkDocument(doc);
  const layouts = { params: paramLayout(doc, check), buffers: bufferLayout(doc, check) };
  requireOnnxSize((layouts.params.total + layouts.buffers.total) * 4);
  const flat = {
    params: opts.params ?? initParams(layouts.params, opts.seed ?? doc.training.seed),
    buffers: opts.buffers ?? initBuffers(layouts.buffers),
  };
  const b = new Builder();
  const raw = b.input('input', [1, ...inputShape(doc)]);
  const x = opts.withPreprocessing ? b.inScope('preprocessing', () => normalizeInGraph(b, raw, doc, opts.data)) : raw;
  const initializers = new Map<number, Float32Array>();
  const constant = (layout: TensorLayout, vector: Float32Array) => (slot: TensorLayout['slots'][number]) => {
    const v: Value = b.input(slot.name, slot.shape);
    initializers.set(v.id, opts.weights?.get(slot.name) ?? vector.subarray(slot.offset, slot.offset + slot.size));
    return v;
  };
  const out = lowerForward(
    b,
    doc,
    check,
    layouts,
    { x, weight: constant(layouts.params, flat.params), buffer: constant(layouts.buffers, flat.buffers) },
    { withLoss: false, mode: 'eval' },
  );
  b.output('logits', out.logits);
  const model = buildModel(b.program(), { initializers, symbolicBatch: 'N', docString: `Wiregrad export of "${doc.name}"` });
  const meta = inputMetadata(doc, inputShape(doc), opts.data, { normalizationInGraph: opts.withPreprocessing });
  return onnx.ModelProto.encode(setMetadata(model, meta)).finish();
}

/** (x − mean[c]) / std[c] over the channel axis (axis 1; one value applies to all channels). */
function normalizeInGraph(b: Builder, x: Value, doc: ProjectDocument, run?: RunDataFacts): Value {
  const norm = exportNormalization(doc, run);
  if (norm === 'compute') {
    throw new CompileError('EXPORT_NO_NORMALIZATION', 'The normalisation is computed from the training data, and no trained run says what it was; train first, or export without --with-preprocessing');
  }
  if (!norm) return x;
  const c = x.shape[1];
  const fits = (v: number[]) => v.length === 1 || v.length === c;
  if (!fits(norm.mean) || !fits(norm.std)) {
    throw new CompileError('EXPORT_NORMALIZATION_CHANNELS', `The normalisation has ${norm.mean.length} mean and ${norm.std.length} std values but the input has ${c} channels`);
  }
  const perChannel = (v: number[]) => b.constant(v, v.length === 1 ? [] : [1, c, ...x.shape.slice(2).map(() => 1)]);
  return b.div(b.sub(x, perChannel(norm.mean)), perChannel(norm.std));
}
