/**
 * The dataset and the Input node checked together: an Input of 3×32×32 with MNIST selected
 * would only fail once training reads the first batch. Here it is a problem on the Input
 * with two ways out (reshape the Input, or pick a dataset kind of that shape), from the
 * dataset-kind registry's per-kind sample shape. Not part of checkDocument, which is about
 * the model alone (compiling and exporting a 3×32×32 model is fine whatever the dataset):
 * the editor adds it to the check it runs on every edit, so it clears when either changes
 * and Train refuses while it stands. O(kinds).
 */
import type { DatasetSpec, DocNode, ProjectDocument } from '../graph/document';
import { DATASET_KINDS, findDatasetKind } from '../data/kinds/index';
import type { Diagnostic, Fix } from './diagnostics';

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
      message: `The Input gives ${text(shape as number[])} samples but ${kind.short}'s are ${text(data)}; set the Input to ${text(data)}${choose}`,
      fix: reshape,
      fixes: [reshape, ...others],
    },
  ];
}
