/**
 * Argument validation for every channel, shared by the IPC wrapper and the HTTP server:
 * whatever crosses a process or network boundary is untrusted until checked here.
 * One zod schema per positional argument. Documents are only checked to be objects here;
 * the backend validates them whole (nesting limit included) with the file parser's rules
 * (core/graph/parse.ts validateDocument), so direct callers get the same checks.
 */

import { z } from 'zod';
import { describeIssues } from '../graph/schemaIssues';
import { ApiError } from './errors';
import type { Channel } from './contract';
import { datasetSpecSchemaAt } from '../data/kinds/index';
import { augmentSchema } from '../data/kinds/transforms';
import { EXPORT_FORMAT_NAMES } from '../export/formatList';
import { RUN_ID_PATTERN } from '../runs/runId';

const is = (error: string) => ({ error });
const MAX_PATH = 4096;

const path = z
  .string(is('must be a non-empty path string'))
  .min(1, is('must be a non-empty path string'))
  .max(MAX_PATH, is(`must be a path of at most ${MAX_PATH} characters`))
  .refine((p) => !p.includes('\0'), is('is not a valid path'));
const str = (max = 1024) => z.string(is(`must be a string of at most ${max} characters`)).max(max, is(`must be a string of at most ${max} characters`));
const int = (min: number, max: number) => z.int(is(`must be an integer in [${min}, ${max}]`)).min(min, is(`must be an integer in [${min}, ${max}]`)).max(max, is(`must be an integer in [${min}, ${max}]`));
/** Optional arguments may be left out, sent as undefined (IPC) or as null (JSON). */
const optional = <T extends z.ZodType>(t: T) => t.nullish();
const object = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, is('must be an object with known fields only'));
const document = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), is('must be a project document (an object)'));
const filters = optional(z.array(object({ name: str(200), extensions: z.array(str(20)).max(50) }), is('must be a list of filters')).max(20));
/** Dataset specs are checked by the dataset-kind registry, with the project file's rules. */
const datasetSpec = datasetSpecSchemaAt('dataset');
const shape = z.array(int(1, 1 << 20), is('must be a shape (a list of positive integers)')).max(8);
const sampleView = object({ inputShape: optional(shape), targetShape: optional(shape), augment: optional(augmentSchema), seed: optional(int(0, 2 ** 32)), draw: optional(int(0, 1e9)) });
const runId = str(100);
/** A recorded run's id names its folder: no separators or dots first (core/runs/runId.ts). */
const recordedRun = z.string(is('must be a run id')).regex(RUN_ID_PATTERN, is('must be a run id (letters, digits, ".", "_" and "-")'));
const saveOptions = object({ importId: optional(runId) });
/** Web uploads travel as base64 inside the JSON request (whose body the server caps at 32 MB). */
const MAX_UPLOAD_BASE64 = 32 * 1024 * 1024;

/** Per channel: one schema per positional argument. Extra arguments are refused. */
const SCHEMAS: { [C in Channel]: z.ZodType[] } = {
  getInfo: [],
  listTemplates: [],
  openProject: [path],
  saveProject: [path, document, optional(saveOptions)],
  saveProjectAs: [document, optional(str(255)), optional(saveOptions)],
  recentFiles: [],
  autosave: [document, optional(path)],
  recoverAutosave: [],
  discardAutosave: [],
  startTraining: [
    document,
    optional(object({
      epochs: optional(int(1, 100000)), steps: optional(int(1, 1e9)), projectPath: optional(path), fromSavedWeights: optional(z.boolean(is('must be true or false'))),
      resume: optional(object({ runId, checkpoint: optional(z.enum(['last', 'best'], is('must be "last" or "best"'))) })),
      initialRunId: optional(runId),
    })),
  ],
  stopTraining: [runId],
  exportOnnx: [document, optional(object({ path: optional(path), runId: optional(runId), format: optional(z.enum(EXPORT_FORMAT_NAMES, is(`must be one of ${EXPORT_FORMAT_NAMES.join(', ')}`))), projectPath: optional(path) }))],
  importOnnx: [object({ path: optional(path), base64: optional(z.string(is('must be base64 text')).max(MAX_UPLOAD_BASE64, is('must be a model of at most 24 MB (web upload); use wiregrad import for larger ones'))), fileName: optional(str(255)) })],
  listDevices: [],
  getSamples: [z.enum(['train', 'test'], is('must be "train" or "test"')), z.array(int(0, 1e9), is('must be a list of sample indices')).max(1024), optional(datasetSpec), optional(sampleView)],
  describeDataset: [datasetSpec, optional(sampleView)],
  exportBlock: [document, optional(path)],
  importBlock: [path],
  listBlockLibrary: [],
  pickFile: [optional(object({ title: optional(str(200)), filters, directory: optional(z.boolean(is('must be true or false'))) }))],
  pickSavePath: [optional(object({ title: optional(str(200)), defaultPath: optional(path), filters }))],
  listRuns: [path],
  readRun: [path, recordedRun],
  renameRun: [path, recordedRun, str(200)],
  deleteRun: [path, recordedRun],
  exportRunCsv: [path, recordedRun],
};

/** Throws ApiError('BAD_ARGUMENT') unless `args` fit the channel's signature; returns them with null optionals as undefined. */
export function validateArgs(channel: Channel, args: unknown): unknown[] {
  const schema = SCHEMAS[channel];
  if (!Array.isArray(args)) throw new ApiError('BAD_ARGUMENT', `${channel}: arguments must be an array`);
  if (args.length > schema.length) throw new ApiError('BAD_ARGUMENT', `${channel} takes at most ${schema.length} argument(s), got ${args.length}`);
  return schema.map((s, i) => {
    const r = s.safeParse(args[i], { reportInput: true });
    if (!r.success) throw new ApiError('BAD_ARGUMENT', describeIssues(r.error.issues, `${channel} argument ${i + 1}`).message);
    // Documents are passed on as given (the backend validates them whole); null optionals become undefined.
    return r.data === null ? undefined : s === document ? args[i] : r.data;
  });
}
