/**
 * THE registry of dataset kinds (browser-safe). Validation of the project file, the API's
 * argument checks, the training panel, the model summary, getSamples, the evaluation grid
 * and the CLI read it; the Node loaders (../loaders.ts) are a table keyed by its kinds that
 * the compiler checks for completeness. Adding a kind = one file here + one loader.
 */
import { z } from 'zod';
import { cifar10 } from './cifar10';
import { csv } from './csv';
import { idx } from './idx';
import { images } from './images';
import { mnist } from './mnist';
import { random } from './random';
import type { DatasetKindDef, PathInfo } from './types';
import { describeIssues } from '../../graph/schemaIssues';

// Order matters only for `--data PATH`: the first kind that recognises a path wins (CIFAR-10 folders before any folder).
const ALL = [mnist, idx, cifar10, images, csv, random] as const;

export type DatasetSpec = z.infer<(typeof ALL)[number]['schema']>;
export type DatasetKind = DatasetSpec['kind'];
export type SpecOf<K extends DatasetKind> = Extract<DatasetSpec, { kind: K }>;

const byKind = new Map<string, DatasetKindDef>();
for (const def of ALL) {
  if (byKind.has(def.kind)) throw new Error(`dataset kind "${def.kind}" is registered twice`);
  byKind.set(def.kind, def as unknown as DatasetKindDef);
}

export const DATASET_KINDS: readonly DatasetKindDef[] = [...byKind.values()];
export const DATASET_KIND_NAMES = DATASET_KINDS.map((d) => d.kind) as DatasetKind[];

export function findDatasetKind(kind: string): DatasetKindDef | undefined {
  return byKind.get(kind);
}

export function datasetKind<K extends DatasetKind>(kind: K): DatasetKindDef<SpecOf<K>> {
  const def = byKind.get(kind);
  if (!def) throw new Error(`unknown dataset kind ${JSON.stringify(kind)}`);
  return def as unknown as DatasetKindDef<SpecOf<K>>;
}

const kindList = () => DATASET_KIND_NAMES.map((k) => `"${k}"`).join(', ');

/**
 * Checks a dataset spec against its kind's schema; throws an Error naming the field
 * (`where` is the prefix, e.g. "training.dataset"). Unknown fields are kept.
 */
export function validateDatasetSpec(raw: unknown, where = 'training.dataset'): DatasetSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} must be an object like {"kind": "mnist"}`);
  const kind = (raw as { kind?: unknown }).kind;
  const def = typeof kind === 'string' ? byKind.get(kind) : undefined;
  if (!def) throw new Error(`${where}.kind must be one of ${kindList()}, got ${JSON.stringify(kind)}`);
  const r = def.schema.safeParse(raw, { reportInput: true });
  if (!r.success) throw new Error(describeIssues(r.error.issues, where).message);
  return r.data as DatasetSpec;
}

/** The same check as a zod schema, for schemas that embed a dataset spec (the training config, the API). */
export const datasetSpecSchemaAt = (where: string) =>
  z.unknown().transform((v, ctx) => {
    try {
      return validateDatasetSpec(v, where);
    } catch (e) {
      // The message names its field ("training.dataset.kind must be ..."): schemaIssues keeps it whole.
      ctx.addIssue({ code: 'custom', message: (e as Error).message, input: v, params: { whole: true } });
      return z.NEVER;
    }
  });

export const datasetSpecSchema = datasetSpecSchemaAt('training.dataset');

export function defaultDatasetSpec(): DatasetSpec {
  return mnist.create();
}

/** The spec for a `--data` path: the first registered kind that recognises it. */
export function specFromPath(p: PathInfo): DatasetSpec | null {
  for (const def of DATASET_KINDS) {
    const spec = def.fromPath?.(p);
    if (spec) return spec as DatasetSpec;
  }
  return null;
}

export type { DatasetField, DatasetKindDef, PathInfo } from './types';
