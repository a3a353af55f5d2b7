/**
 * getSamples and describeDataset: the dataset as the model sees it (Input shape, target
 * type), for the evaluation grid, the dataset view and the augmentation preview. Every
 * dataset kind goes through the same registry-driven loader, so no kind is left out.
 */
import type { DataRequest } from '../data/dataset';
import { DataError } from '../data/errors';
import { datasetKind, defaultDatasetSpec, type DatasetSpec } from '../data/kinds/index';
import { SampleTransform } from '../data/transforms';
import { Rng } from '../util/rng';
import { numel } from '../ir/ir';
import type { DatasetOverview, SampleImage, SampleSplit, SampleView } from './contract';
import type { CoreDeps, LoadedData, SampleSource } from './deps';
import { ApiError } from './errors';

export function sampleRequest(spec: DatasetSpec, view: SampleView | undefined): DataRequest {
  const ts = view?.targetShape;
  return {
    // Without a model's shape, the kind's own (tables and IDX files take theirs from the data).
    sampleShape: view?.inputShape ?? datasetKind(spec.kind).defaultShape ?? [1, 28, 28],
    target: Array.isArray(ts) && ts.length ? { kind: 'value', shape: ts } : { kind: 'class' },
    seed: view?.seed ?? 0,
  };
}

async function load(deps: CoreDeps, spec: DatasetSpec, view: SampleView | undefined): Promise<LoadedData> {
  try {
    return await deps.loadData(spec, sampleRequest(spec, view));
  } catch (e) {
    if (e instanceof DataError) throw new ApiError('DATASET_UNUSABLE', e.message);
    throw e;
  }
}

export async function getSamples(deps: CoreDeps, split: SampleSplit, indices: number[], specIn: DatasetSpec | undefined, view: SampleView | undefined): Promise<SampleImage[]> {
  const spec = specIn ?? defaultDatasetSpec();
  const data = await load(deps, spec, view);
  const ds = split === 'train' ? data.train : data.test;
  if (!ds) throw new ApiError('NOT_FOUND', `The dataset has no ${split} split`);
  const size = numel(ds.sampleShape);
  const uint8 = ds.images instanceof Uint8Array || !!ds.stream;
  const raw = uint8 ? new Uint8Array(size) : new Float32Array(size);
  const preview = view?.augment ? new SampleTransform(ds.sampleShape, uint8, { normalize: null, augment: view.augment }) : undefined;
  const out = new Float32Array(size);
  const rng = new Rng((view?.seed ?? 0) + 7919 * (view?.draw ?? 0));
  return indices.map((index, k) => {
    if (index >= ds.count) throw new ApiError('BAD_ARGUMENT', `Sample ${index} is out of range (the ${split} split has ${ds.count})`);
    const src = sampleOf(ds, index, raw);
    let pixels: number[];
    if (preview) {
      // One stream per grid position: the same settings and seed give the same preview.
      preview.apply(src, 0, out, 0, rng.fork(k));
      pixels = Array.from(out, (v) => Math.max(0, Math.min(255, Math.round(v * 255))));
    } else {
      // Float datasets hold [0, 1] (images) or raw features (tables); the grid wants bytes for images.
      pixels = src instanceof Uint8Array ? Array.from(src) : Array.from(src, (v) => (ds.sampleShape.length === 1 ? v : Math.max(0, Math.min(255, Math.round(v * 255)))));
    }
    const tn = ds.targetShape ? numel(ds.targetShape) : 0;
    return {
      index,
      label: ds.targets ? -1 : ds.labels[index],
      ...(ds.classNames && !ds.targets ? { labelName: ds.classNames[ds.labels[index]] } : {}),
      ...(ds.targets ? { target: Array.from(ds.targets.subarray(index * tn, (index + 1) * tn)) } : {}),
      shape: [...ds.sampleShape],
      pixels,
    };
  });
}

function sampleOf(ds: SampleSource, i: number, scratch: Uint8Array | Float32Array): Uint8Array | Float32Array {
  const n = scratch.length;
  if (ds.stream) {
    ds.stream.read(i, scratch as Uint8Array, 0);
    return scratch;
  }
  return ds.images.subarray(i * n, (i + 1) * n);
}

export async function describeDataset(deps: CoreDeps, spec: DatasetSpec, view: SampleView | undefined): Promise<DatasetOverview> {
  const data = await load(deps, spec, view);
  const splits: DatasetOverview['splits'] = [];
  for (const [split, ds] of [['train', data.train], ['test', data.test]] as const) {
    if (!ds) continue;
    let classCounts: number[] | undefined;
    if (!ds.targets) {
      classCounts = new Array<number>(ds.classes).fill(0);
      for (let i = 0; i < ds.count; i++) classCounts[ds.labels[i]]++;
    }
    splits.push({ split, count: ds.count, ...(classCounts ? { classCounts } : {}) });
  }
  const warnings = [...data.warnings];
  const examples = exampleIndices(data.train, 24);
  if (!data.test) warnings.push({ message: 'no test split: the Evaluation tab will have nothing to show' });
  return {
    kind: spec.kind,
    name: data.train.name,
    sampleShape: [...data.train.sampleShape],
    classes: data.train.targets ? 0 : data.train.classes,
    ...(data.train.classNames && !data.train.targets ? { classNames: data.train.classNames } : {}),
    splits,
    images: datasetKind(spec.kind).images,
    examples,
    warnings,
  };
}

/** Up to `max` indices, round-robin over the classes (the first samples of each), in class order. */
function exampleIndices(ds: SampleSource, max: number): number[] {
  if (ds.targets || ds.classes < 1) return Array.from({ length: Math.min(max, ds.count) }, (_, i) => i);
  const per = Math.max(1, Math.floor(max / ds.classes));
  const taken = new Array<number>(ds.classes).fill(0);
  const out: number[] = [];
  for (let i = 0; i < ds.count && out.length < max; i++) {
    const l = ds.labels[i];
    if (taken[l] < per) {
      taken[l]++;
      out.push(i);
    }
  }
  return out.sort((a, b) => ds.labels[a] - ds.labels[b] || a - b);
}
