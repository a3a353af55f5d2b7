/**
 * The dataset and the Input node checked together: an Input of 3×32×32 with MNIST selected
 * would only fail once training reads the first batch. Here it is a problem on the Input
 * with two ways out (reshape the Input, or pick a dataset of that shape). Not part of
 * checkDocument, which is about the model alone (compiling and exporting a 3×32×32 model is
 * fine whatever the dataset): the editor adds it to the check it runs on every edit, so it
 * clears when either changes and Train refuses while it stands. O(1).
 */
import type { DocNode, ProjectDocument } from '../graph/document';
import { datasetsWithShape, fixedSampleShape } from '../data/sampleShape';
import type { Diagnostic, Fix } from './diagnostics';

const text = (shape: readonly number[]) => shape.join('×');

export function datasetInputDiagnostics(doc: ProjectDocument, input: DocNode | undefined = doc.nodes.find((n) => n.type === 'Input')): Diagnostic[] {
  const data = fixedSampleShape(doc.training.dataset);
  const shape = input?.params.shape;
  if (!input || !data || !Array.isArray(shape)) return [];
  if (shape.length === data.shape.length && shape.every((d, i) => d === data.shape[i])) return [];
  const reshape: Fix = { kind: 'setParam', nodeId: input.id, param: 'shape', value: data.shape, label: `set Input to ${text(data.shape)}` };
  const others: Fix[] = datasetsWithShape(shape as number[]).map((d) => ({ kind: 'setDataset', dataset: d.spec, label: `use ${d.name}` }));
  const choose = others.length ? `, or use ${others.map((f) => f.label.replace(/^use /, '')).join(' or ')}` : `, or choose a dataset of ${text(shape as number[])} samples`;
  return [
    {
      code: 'DATASET_INPUT_SHAPE',
      severity: 'error',
      nodeId: input.id,
      message: `The Input gives ${text(shape as number[])} samples but ${data.name}'s are ${text(data.shape)}; set the Input to ${text(data.shape)}${choose}`,
      fix: reshape,
      fixes: [reshape, ...others],
    },
  ];
}
