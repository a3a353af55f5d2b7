/**
 * Argument validation for every channel, shared by the IPC wrapper and the HTTP server:
 * whatever crosses a process or network boundary is untrusted until checked here.
 * The checks are structural (types and sizes), deep enough that the backend never sees
 * e.g. a number where a path is expected; document semantics are core/check's job.
 */

import { ApiError } from './errors';
import type { Channel } from './contract';
import { validateDatasetSpec } from '../data/kinds/index';
import { augmentSchema } from '../data/kinds/transforms';

type Check = (v: unknown, where: string) => void;

function fail(where: string, expected: string, v: unknown): never {
  const got = v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
  throw new ApiError('BAD_ARGUMENT', `${where} must be ${expected}, got ${got}`);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const MAX_PATH = 4096;

const path: Check = (v, w) => {
  if (typeof v !== 'string' || v.length === 0) fail(w, 'a non-empty path string', v);
  if (v.length > MAX_PATH || v.includes('\0')) throw new ApiError('BAD_ARGUMENT', `${w} is not a valid path`);
};

const str =
  (max = 1024): Check =>
  (v, w) => {
    if (typeof v !== 'string' || v.length > max) fail(w, `a string of at most ${max} characters`, v);
  };

const int =
  (min: number, max: number): Check =>
  (v, w) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(w, `an integer in [${min}, ${max}]`, v);
  };

const optional =
  (c: Check): Check =>
  (v, w) => {
    if (v !== undefined && v !== null) c(v, w);
  };

const oneOf =
  (...values: string[]): Check =>
  (v, w) => {
    if (typeof v !== 'string' || !values.includes(v)) fail(w, `one of ${values.join(', ')}`, v);
  };

function object(fields: Record<string, Check>, open = false): Check {
  return (v, w) => {
    if (!isObj(v)) fail(w, 'an object', v);
    for (const [k, c] of Object.entries(fields)) c(v[k], `${w}.${k}`);
    if (!open) {
      const extra = Object.keys(v).filter((k) => !(k in fields));
      if (extra.length) throw new ApiError('BAD_ARGUMENT', `${w} has unknown field ${extra[0]}`);
    }
  };
}

function arrayOf(c: Check, max: number): Check {
  return (v, w) => {
    if (!Array.isArray(v)) fail(w, 'an array', v);
    if (v.length > max) throw new ApiError('BAD_ARGUMENT', `${w} has more than ${max} items`);
    v.forEach((x, i) => c(x, `${w}[${i}]`));
  };
}

/** A ProjectDocument's skeleton; unknown fields are allowed (the format keeps them). */
const document: Check = (v, w) => {
  if (!isObj(v)) fail(w, 'a project document', v);
  if (typeof v.version !== 'number') fail(`${w}.version`, 'a number', v.version);
  if (!Array.isArray(v.nodes)) fail(`${w}.nodes`, 'an array', v.nodes);
  if (!Array.isArray(v.edges)) fail(`${w}.edges`, 'an array', v.edges);
  if (!isObj(v.training)) fail(`${w}.training`, 'an object', v.training);
  v.nodes.forEach((n, i) => {
    if (!isObj(n) || typeof n.id !== 'string' || typeof n.type !== 'string') fail(`${w}.nodes[${i}]`, 'a node with string id and type', n);
  });
  v.edges.forEach((e, i) => {
    if (!isObj(e) || typeof e.id !== 'string' || !isObj(e.from) || !isObj(e.to)) fail(`${w}.edges[${i}]`, 'an edge with id, from and to', e);
  });
};

const filters = optional(arrayOf(object({ name: str(200), extensions: arrayOf(str(20), 50) }), 20));

/** Dataset specs are checked by the dataset-kind registry, the same rules as the project file's. */
const datasetSpec: Check = (v, w) => {
  try {
    validateDatasetSpec(v, w);
  } catch (e) {
    throw new ApiError('BAD_ARGUMENT', (e as Error).message);
  }
};

const shapeList: Check = arrayOf(int(1, 1 << 20), 8);

const sampleView: Check = (v, w) => {
  object({ inputShape: optional(shapeList), targetShape: optional(shapeList), augment: () => {}, seed: optional(int(0, 2 ** 32)), draw: optional(int(0, 1e9)) })(v, w);
  const aug = (v as Record<string, unknown>).augment;
  if (aug !== undefined && aug !== null && !augmentSchema.safeParse(aug).success) throw new ApiError('BAD_ARGUMENT', `${w}.augment is not a valid augmentation config`);
};

/** Per channel: one check per positional argument. Extra arguments are refused. */
const SCHEMAS: { [C in Channel]: Check[] } = {
  getInfo: [],
  listTemplates: [],
  openProject: [path],
  saveProject: [path, document],
  saveProjectAs: [document, optional(str(255))],
  recentFiles: [],
  autosave: [document, optional(path)],
  recoverAutosave: [],
  discardAutosave: [],
  startTraining: [document, optional(object({ epochs: optional(int(1, 100000)), steps: optional(int(1, 1e9)) }))],
  stopTraining: [str(100)],
  exportOnnx: [document, optional(path)],
  listDevices: [],
  getSamples: [oneOf('train', 'test'), arrayOf(int(0, 1e9), 1024), optional(datasetSpec), optional(sampleView)],
  describeDataset: [datasetSpec, optional(sampleView)],
  pickFile: [optional(object({ title: optional(str(200)), filters, directory: optional((v, w) => typeof v !== 'boolean' && fail(w, 'true or false', v)) }))],
  pickSavePath: [optional(object({ title: optional(str(200)), defaultPath: optional(path), filters }))],
};

/** Throws ApiError('BAD_ARGUMENT') unless `args` fit the channel's signature. */
export function validateArgs(channel: Channel, args: unknown): unknown[] {
  const schema = SCHEMAS[channel];
  if (!Array.isArray(args)) throw new ApiError('BAD_ARGUMENT', `${channel}: arguments must be an array`);
  if (args.length > schema.length) throw new ApiError('BAD_ARGUMENT', `${channel} takes at most ${schema.length} argument(s), got ${args.length}`);
  schema.forEach((check, i) => check(args[i], `${channel} argument ${i + 1}`));
  return args;
}
