import { checkDocument } from '../check/check';
import { initParams, paramLayout } from '../compile/paramLayout';
import { lowerForward } from '../compile/forward';
import { inputShape } from '../compile/programs';
import type { ProjectDocument } from '../graph/document';
import { Builder } from '../ir/builder';
import type { Value } from '../ir/ir';
import { onnx } from 'onnx-proto';
import { buildModel } from './emit';
import { inputMetadata, setMetadata } from './metadata';

export interface ExportOptions {
  /** Trained flat parameter vector; else `weights` by name; else the seeded initial weights. */
  params?: Float32Array;
  weights?: Map<string, Float32Array>;
  seed?: number;
}

/**
 * The inference model: forward pass only, weights as initializers named `<nodeId>.weight` /
 * `<nodeId>.bias`, input `input` and output `logits` with a symbolic batch dimension N, and
 * metadata_props saying how to prepare the input as training did (core/onnx/metadata.ts).
 */
export function exportInferenceModel(doc: ProjectDocument, opts: ExportOptions = {}): Uint8Array {
  const check = checkDocument(doc);
  const layout = paramLayout(doc, check);
  const flat = opts.params ?? initParams(layout, opts.seed ?? doc.training.seed);
  const b = new Builder();
  const x = b.input('input', [1, ...inputShape(doc)]);
  const initializers = new Map<number, Float32Array>();
  const out = lowerForward(
    b,
    doc,
    check,
    layout,
    { x },
    (slot) => {
      const v: Value = b.input(slot.name, slot.shape);
      initializers.set(v.id, opts.weights?.get(slot.name) ?? flat.subarray(slot.offset, slot.offset + slot.size));
      return v;
    },
    { withLoss: false, training: false },
  );
  b.output('logits', out.logits);
  const model = buildModel(b.program(), { initializers, symbolicBatch: 'N', docString: `Wiregrad export of "${doc.name}"` });
  return onnx.ModelProto.encode(setMetadata(model, inputMetadata(doc, inputShape(doc)))).finish();
}
