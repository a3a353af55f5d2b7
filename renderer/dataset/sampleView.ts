/** The Input node's shape and target as the data API wants them (SampleView). Pure. */
import type { SampleView } from '../../core/api/contract';
import type { ProjectDocument } from '../../core/graph/document';

export function inputView(doc: ProjectDocument): SampleView {
  const input = doc.nodes.find((n) => n.type === 'Input');
  const shape = input?.params.shape;
  const target = input?.params.target_shape;
  return {
    ...(Array.isArray(shape) ? { inputShape: shape as number[] } : {}),
    ...(Array.isArray(target) ? { targetShape: target as number[] } : {}),
    seed: doc.training.seed,
  };
}

/** A stable key for effects: the view plus the dataset spec. */
export function viewKey(doc: ProjectDocument, extra: unknown = null): string {
  return JSON.stringify([doc.training.dataset, inputView(doc), extra]);
}
