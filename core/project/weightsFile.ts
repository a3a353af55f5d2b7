/**
 * The project weights file: `<project>.wiregrad.weights` beside `<project>.wiregrad.json`.
 * Trained (or imported) parameters and buffers belong to the project, not to a run in
 * memory, so they survive a restart and are what Export and "continue training" use.
 *
 * Layout is safetensors' (https://huggingface.co/docs/safetensors): an 8-byte little-endian
 * header length, a JSON header `{name: {dtype, shape, data_offsets:[begin,end]}, __metadata__}`
 * and the raw little-endian tensor bytes. Chosen over a format of our own because
 * PyTorch users can read it with `safetensors.torch.load_file` and nothing else is needed
 * to inspect it. Only F32 tensors are written; F32 is all Wiregrad trains in.
 */

import { promises as fs } from 'node:fs';
import { atomicWrite } from '../api/fsutil';

export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

export interface WeightsContents {
  tensors: Map<string, WeightTensor>;
  /** String key/values: graph hash, run id, normalisation, ... (safetensors' `__metadata__`). */
  metadata: Record<string, string>;
}

export class WeightsFileError extends Error {
  readonly code = 'WEIGHTS_FILE_INVALID';
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'WeightsFileError';
  }
}

/** `models/mnist.wiregrad.json` → `models/mnist.wiregrad.weights`. */
export function weightsPathFor(projectPath: string): string {
  const stem = projectPath.replace(/\.wiregrad\.json$/i, '').replace(/\.json$/i, '');
  return `${stem}.wiregrad.weights`;
}

/** A header larger than this is not a weights file we wrote; refuse before parsing it. */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

export function encodeWeights({ tensors, metadata }: WeightsContents): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`weights ${name}: shape [${t.shape}] holds ${count} values, data has ${t.data.length}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // safetensors pads the header with spaces so the data starts 8-byte aligned.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

export function decodeWeights(bytes: Uint8Array, file = 'weights file'): WeightsContents {
  const fail = (problem: string): never => { throw new WeightsFileError(file, problem); };
  if (bytes.length < 8) fail('too short to be a weights file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER_BYTES || 8 + headerLen > bytes.length) fail(`header length ${headerLen} does not fit the file (${bytes.length} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLen)).toString('utf8'));
  } catch {
    fail('header is not valid JSON');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) fail('header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors = new Map<string, WeightTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (entry && typeof entry === 'object') metadata = Object.fromEntries(Object.entries(entry).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e?.dtype !== 'F32') fail(`tensor "${name}" has dtype ${JSON.stringify(e?.dtype)}; only F32 is supported`);
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor "${name}" has an invalid shape`);
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) fail(`tensor "${name}" has invalid data_offsets`);
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end > dataLen || end - begin !== count * 4) fail(`tensor "${name}" data [${begin}, ${end}) does not match shape [${shape}] within ${dataLen} data bytes`);
    // Copy: the result must not alias a buffer the caller may reuse, and must be 4-byte aligned.
    const data = new Float32Array(count);
    new Uint8Array(data.buffer).set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, { shape: shape as number[], data });
  }
  return { tensors, metadata };
}

export async function writeWeightsFile(file: string, contents: WeightsContents): Promise<void> {
  await atomicWrite(file, encodeWeights(contents));
}

/** The file's contents, or null when there is none. A corrupt file is an error naming it. */
export async function readWeightsFile(file: string): Promise<WeightsContents | null> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return decodeWeights(bytes, file);
}
