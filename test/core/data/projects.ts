/** Small project documents for data tests: an MLP over feature vectors, for classification or regression. */
import type { ProjectDocument } from '../../../core/graph/document';
import { defaultTraining } from '../../../core/graph/document';

export function tableMlp(features: number, outputs: number, opts: { regression?: boolean; hidden?: number } = {}): ProjectDocument {
  const hidden = opts.hidden ?? 32;
  const node = (id: string, type: string, params: Record<string, unknown>, x: number) => ({ id, type, params, position: { x, y: 0 } });
  const edge = (from: string, fp: string, to: string, tp: string) => ({ id: `${from}-${to}-${tp}`, from: { node: from, port: fp }, to: { node: to, port: tp } });
  return {
    version: 1,
    name: 'table MLP',
    nodes: [
      node('input', 'Input', { shape: [features], ...(opts.regression ? { target_shape: [1] } : {}) }, 0),
      node('fc1', 'Linear', { in_features: features, out_features: hidden, bias: true }, 200),
      node('relu', 'ReLU', {}, 400),
      node('fc2', 'Linear', { in_features: hidden, out_features: outputs, bias: true }, 600),
      node('loss', opts.regression ? 'MSELoss' : 'CrossEntropyLoss', {}, 800),
    ] as ProjectDocument['nodes'],
    edges: [edge('input', 'x', 'fc1', 'in'), edge('fc1', 'out', 'relu', 'in'), edge('relu', 'out', 'fc2', 'in'), edge('fc2', 'out', 'loss', 'input'), edge('input', 'y', 'loss', 'target')],
    training: { ...defaultTraining(), batch_size: 16 },
  };
}
