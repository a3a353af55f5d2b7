import type { z } from 'zod';
import type { NormalizeConfig } from '../../graph/document';

/**
 * One editable field of a dataset spec, as the training panel and the CLI show it.
 * `path`/`dir`: a file or folder on the backend's machine; `int`/`fraction`: numbers.
 */
export interface DatasetField {
  name: string;
  label: string;
  type: 'file' | 'dir' | 'text' | 'int' | 'fraction';
  optional?: boolean;
  /** What an absent numeric field means (shown in the panel). */
  default?: number;
  placeholder?: string;
  doc: string;
}

/**
 * A dataset kind: everything that is not Node code (the loaders live in core/data/loaders.ts,
 * keyed by the same kinds and checked complete by the compiler). Validation, the training
 * panel, the model summary, getSamples and the CLI all read this, never a list of their own.
 */
export interface DatasetKindDef<S extends { kind: string } = { kind: string }> {
  kind: S['kind'];
  /** What the dataset picker shows, e.g. "MNIST (built-in)". */
  label: string;
  /** Short name for summaries, e.g. "MNIST". */
  short: string;
  schema: z.ZodType<S>;
  fields: DatasetField[];
  /** A fresh spec when the user picks this kind. */
  create(): S;
  /** Normalisation used when the project says "dataset default" (null: none, only ToTensor's scaling). */
  defaultNormalize: NormalizeConfig | 'compute' | null;
  /** Whether samples are images (sample grid, augmentation) rather than feature vectors. */
  images: boolean;
  /** Sample shape to show the data at when no model says (images are resized to it). */
  defaultShape?: number[];
  /** Whether the data depends on the run's seed (generated data), so caches must key on it. */
  seeded?: boolean;
  /** `--data PATH` on the CLI: the spec for a path this kind recognises, else null. */
  fromPath?(p: PathInfo): S | null;
}

/** What the CLI found at a `--data` path (the registry itself stays free of file system code). */
export interface PathInfo {
  path: string;
  isDir: boolean;
  /** Lower-case extension with the dot, '' for folders. */
  ext: string;
  /** Names inside a folder. */
  entries: string[];
}
