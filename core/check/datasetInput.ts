/**
 * The dataset and the Input node checked together: an Input of 3×32×32 with MNIST selected
 * would only fail once training reads the first batch. Here it is a problem on the Input
 * with two ways out (reshape the Input, or pick a dataset kind of that shape), from the
 * dataset-kind registry's per-kind sample shape. Not part of checkDocument, which is about
 * the model alone (compiling and exporting a 3×32×32 model is fine whatever the dataset):
 * checkForTraining adds it, and every way to train uses that: the editor on every edit (so
 * it clears when either changes and Train refuses while it stands), the backend's
 * startTraining and the CLI's train and check, all with the same message. O(kinds).
 */
import type { DatasetSpec, DocNode, ProjectDocument } from '../graph/document';
import { nodeName } from '../graph/names';
import { DATASET_KINDS, findDatasetKind } from '../data/kinds/index';
import { CompileError } from '../ir/errors';
import { checkDocument } from './check';
import type { Diagnostic, Fix } from './diagnostics';
import type { CheckResult } from './types';

const text = (shape: readonly number[]) => shape.join('×');
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

export function datasetInputDiagnostics(doc: ProjectDocument, input: DocNode | undefined = doc.nodes.find((n) => n.type === 'Input')): Diagnostic[] {
  const kind = findDatasetKind(doc.training.dataset.kind);
  const data = kind?.sampleShape;
  const shape = input?.params.shape;
  if (!input || !kind || !data || !Array.isArray(shape) || same(shape as number[], data)) return [];
  const reshape: Fix = { kind: 'setParam', nodeId: input.id, param: 'shape', value: [...data], label: `set Input to ${text(data)}` };
  const others: Fix[] = DATASET_KINDS.filter((k) => k.sampleShape && same(k.sampleShape, shape as number[])).map((k) => ({
    kind: 'setDataset',
    dataset: k.create() as DatasetSpec,
    label: `use ${k.short}`,
  }));
  const choose = others.length ? `, or use ${others.map((f) => f.label.replace(/^use /, '')).join(' or ')}` : `, or choose a dataset of ${text(shape as number[])} samples`;
  return [
    {
      code: 'DATASET_INPUT_SHAPE',
      severity: 'error',
      nodeId: input.id,
      message: `${nodeName(input)} gives ${text(shape as number[])} samples but ${kind.short}'s are ${text(data)}; set it to ${text(data)}${choose}`,
      fix: reshape,
      fixes: [reshape, ...others],
    },
  ];
}

/** The model's check plus the dataset against the Input: what the editor shows and what training is refused on. */
export function checkForTraining(doc: ProjectDocument): CheckResult {
  const result = checkDocument(doc);
  const data = datasetInputDiagnostics(doc);
  return data.length ? { ...result, diagnostics: [...result.diagnostics, ...data] } : result;
}

/** Refuses to train a dataset that does not fit the Input, before any worker starts, naming the Input node. */
export function requireDatasetFitsInput(doc: ProjectDocument): void {
  const [d] = datasetInputDiagnostics(doc);
  if (d) throw new CompileError(d.code, d.message, d.nodeId);
}
