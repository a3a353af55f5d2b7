import path from 'node:path';
import { checkDocument } from '../check/check';
import { initBuffers, initParams } from '../compile/paramLayout';
import { buildProgram } from '../compile/programs';
import { carriedPairs, type Port } from '../compile/signature';
import type { ProjectDocument } from '../graph/document';
import { CompileError } from '../ir/errors';
import { emitModel } from '../onnx/emit';
import { replicaSeed } from '../runtime/trainState';
import { normalizeSetting } from './pytorch/sections';
import type { ExportedFile } from './pytorch/index';
import type { WeightSource } from './pytorch/weights';

export const TRAIN_STEP_FORMAT = 'wiregrad-train-step';

/** What each role means, for the index a user reads next to the model. */
const ROLE_DOC: Record<Port['role'], string> = {
  params: 'all trainable parameters in one flat vector (see "tensors" for where each one lies)',
  buffers: 'non-trainable state (BatchNorm running statistics), one flat vector',
  optState: 'an optimizer state vector, as long as params (zeros at the start)',
  step: 'number of updates applied so far (float32 scalar; drives Adam\'s bias correction and the rng)',
  lr: 'learning rate of this step (float32 scalar)',
  rngSeed: 'seed of the in-graph random numbers (Dropout masks), fixed for a run',
  rngOffset: 'index of the shard\'s first sample in the whole batch (data-parallel grad programs only)',
  x: 'one batch of inputs, normalised (see "data")',
  y: 'the batch\'s labels',
  grad: 'gradient vector',
  loss: 'mean loss of the batch, before this step\'s update',
  correct: 'number of correctly classified samples in the batch',
  prediction: 'predicted class per sample',
  logits: 'class scores',
};

/**
 * The training step as a portable file: ONE standard-ONNX graph (forward, backward,
 * optimizer update) that any ONNX runtime runs, its inputs and outputs documented by role
 * in a JSON index beside it, and every input's starting value (the vectors as raw
 * little-endian float32 in a .bin, the scalars in the index). Feeding each `*_out` output
 * back as its input trains exactly as `wiregrad train` does on the same batches.
 */
export function exportTrainStep(doc: ProjectDocument, fileName: string, src: WeightSource = {}): ExportedFile[] {
  const check = checkDocument(doc);
  const error = check.diagnostics.find((d) => d.severity === 'error');
  if (error) throw new CompileError(error.code, `Cannot export: ${error.message}`, error.nodeId);
  const batch = doc.training.batch_size;
  const compiled = buildProgram(doc, 'train', batch, check);
  const sig = compiled.signature;
  const seed = src.seed ?? doc.training.seed;
  const vectors: Record<string, Float32Array> = {
    params: src.params ?? initParams(compiled.layout, seed),
    buffers: src.buffers ?? initBuffers(compiled.buffers),
  };
  const scalars: Record<string, number> = { step: 0, lr: doc.training.optimizer.lr, rngSeed: replicaSeed(seed, 0) };

  const stem = path.basename(fileName).replace(/\.onnx$/i, '') || 'step';
  const binName = `${stem}.state.bin`;
  const chunks: Float32Array[] = [];
  let offset = 0;
  const carried = new Map(carriedPairs(sig).map((p) => [p.input.name, p.output.name]));
  const inputs = sig.inputs.map((p) => {
    const entry: Record<string, unknown> = { name: p.name, role: p.role, ...(p.key ? { key: p.key } : {}), shape: p.shape, dtype: p.dtype, doc: ROLE_DOC[p.role] };
    if (carried.has(p.name)) entry.next = carried.get(p.name);
    if (p.role === 'params' || p.role === 'buffers' || p.role === 'optState') {
      const v = p.role === 'optState' ? new Float32Array(compiled.layout.total) : vectors[p.role];
      entry.initial = { file: binName, offset, length: v.length };
      chunks.push(v);
      offset += v.length;
    } else if (p.role in scalars) {
      entry.initial = scalars[p.role];
    }
    return entry;
  });
  const outputs = sig.outputs.map((p) => ({ name: p.name, role: p.role, ...(p.key ? { key: p.key } : {}), shape: p.shape, dtype: p.dtype, doc: ROLE_DOC[p.role] }));

  const bin = new Uint8Array(offset * 4);
  const view = new DataView(bin.buffer);
  let at = 0;
  for (const c of chunks) for (const v of c) view.setFloat32(4 * at++, v, true);

  const t = doc.training;
  const index = {
    format: TRAIN_STEP_FORMAT,
    version: 1,
    project: doc.name,
    model: path.basename(fileName),
    about: 'One training step: feed every input (the initial values below, then each input\'s "next" output of the previous step; x, y and lr anew each step). Raw vectors are little-endian float32 at "offset" (in floats) of "file".',
    batch,
    optimizer: t.optimizer,
    data: {
      input_shape: compiled.sampleShape,
      dataset: t.dataset.kind,
      // x = (pixel / 255 - mean) / std per channel for byte images; float data is taken as it is.
      // "compute": the mean and population std per channel of the training samples.
      normalize: normalizeSetting(doc),
      labels: compiled.target,
      order: t.shuffle ? 'wiregrad shuffles with its own generator; file order (wiregrad train --no-shuffle) is the reproducible choice' : 'file order',
    },
    inputs,
    outputs,
    tensors: compiled.layout.slots.map((s) => ({ name: s.name, vector: 'params', shape: s.shape, offset: s.offset })).concat(
      compiled.buffers.slots.map((s) => ({ name: s.name, vector: 'buffers', shape: s.shape, offset: s.offset })),
    ),
  };
  const model = emitModel(compiled.program, { docString: `Wiregrad training step of "${doc.name}" (batch ${batch}); inputs and outputs are described in ${stem}.state.json` });
  return [
    { name: binName, data: bin },
    { name: `${stem}.state.json`, data: JSON.stringify(index, null, 1) + '\n' },
    { name: path.basename(fileName), data: model },
  ];
}
