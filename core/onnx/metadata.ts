/**
 * What an exported model says about itself in ModelProto.metadata_props: how to prepare its
 * input exactly as training did (layout, scaling, per-channel normalisation), so a user of
 * the .onnx file alone reproduces the app's accuracy. One module, so the interop work can
 * add more keys (class names, ...) in one place.
 *
 * Keys are namespaced `wiregrad.*`; values are strings (the ONNX type), lists as JSON.
 */

import { onnx } from 'onnx-proto';
import { datasetKind } from '../data/kinds/index';
import type { ProjectDocument } from '../graph/document';
import type { RunDataFacts } from '../train/events';
import type { NormalizeValues } from '../data/kinds/transforms';

export interface MetadataProp {
  key: string;
  value: string;
}

/** Axis names of a batched input of this per-sample rank: images are NCHW, flat vectors NC. */
function layoutOf(sampleShape: readonly number[]): string {
  if (sampleShape.length === 3) return 'NCHW';
  if (sampleShape.length === 2) return 'NHW';
  if (sampleShape.length === 1) return 'NC';
  return `N+${sampleShape.length}`;
}

/**
 * The preprocessing the trainer applies, spelled out: raw pixels (0..255) are divided by
 * 255 (ToTensor), then each channel c becomes (x - mean[c]) / std[c] (Normalize) with the
 * project's normalisation, or the dataset's default when the project leaves it null.
 */
/**
 * The normalisation training applied: a trained run says what it normalised with (computed
 * statistics included); without one, "compute" cannot be spelled out.
 */
export function exportNormalization(doc: ProjectDocument, run?: RunDataFacts): NormalizeValues | 'compute' | null {
  const kind = datasetKind(doc.training.dataset.kind);
  return run?.normalize !== undefined ? run.normalize : (doc.training.normalize ?? kind.defaultNormalize);
}

export function inputMetadata(doc: ProjectDocument, sampleShape: readonly number[], run?: RunDataFacts, opts: { normalizationInGraph?: boolean } = {}): MetadataProp[] {
  const kind = datasetKind(doc.training.dataset.kind);
  const setting = exportNormalization(doc, run);
  const norm = setting === 'compute' ? null : setting;
  // Byte images are scaled by 1/255 (ToTensor); feature tables are taken as they are.
  const scale = kind.images ? '1/255' : '1';
  const raw = kind.images ? 'pixel / 255' : 'feature';
  const props: MetadataProp[] = [
    { key: 'wiregrad.input.name', value: 'input' },
    { key: 'wiregrad.input.layout', value: layoutOf(sampleShape) },
    { key: 'wiregrad.input.shape', value: JSON.stringify(['N', ...sampleShape]) },
    { key: 'wiregrad.input.dtype', value: 'float32' },
    { key: 'wiregrad.input.scale', value: scale },
    { key: 'wiregrad.input.mean', value: JSON.stringify(norm?.mean ?? null) },
    { key: 'wiregrad.input.std', value: JSON.stringify(norm?.std ?? null) },
    ...(opts.normalizationInGraph && norm ? [{ key: 'wiregrad.input.normalization_in_graph', value: 'true' }] : []),
    {
      key: 'wiregrad.input.preprocessing',
      value: opts.normalizationInGraph && norm
        ? `x = ${raw}, float32, ${layoutOf(sampleShape)}; the graph itself subtracts mean[c] and divides by std[c] (exported --with-preprocessing)`
        : norm
        ? `x = (${raw} - mean[c]) / std[c] per channel c (one value applies to all channels), float32, ${layoutOf(sampleShape)}`
        : setting === 'compute'
          ? `standardised per channel with the training split's mean and std, which the run computed (not recorded in this file), float32, ${layoutOf(sampleShape)}`
          : `x = ${raw}, float32, ${layoutOf(sampleShape)}`,
    },
    { key: 'wiregrad.dataset', value: doc.training.dataset.kind },
    ...(run?.classNames ? [{ key: 'wiregrad.class_names', value: JSON.stringify(run.classNames) }] : []),
    { key: 'wiregrad.output', value: 'logits: unnormalised class scores; argmax is the predicted class' },
  ];
  return props;
}

/** Sets metadata_props on a model before it is encoded (no copy of its weights). */
export function setMetadata(model: onnx.IModelProto, props: readonly MetadataProp[]): onnx.IModelProto {
  model.metadataProps = props.map((p) => onnx.StringStringEntryProto.create({ key: p.key, value: p.value }));
  return model;
}

/** metadata_props of a decoded model as a plain map (tests, tools). */
export function readMetadata(model: onnx.IModelProto): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const p of model.metadataProps ?? []) if (p.key) out[p.key] = p.value ?? '';
  return out;
}
