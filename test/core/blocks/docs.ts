/**
 * Documents for the block tests: the course's ConvNet shape on MNIST written with a
 * `CustomLayer` block (Conv2d + ReLU, section 8.1) and the same network written flat, its
 * inner layers named by the paths inlining gives them (`c1/conv`), in the same order.
 */
import { defaultTraining, type BlockDef, type DocEdge, type DocNode, type ParamValue, type ProjectDocument } from '../../../core/graph/document';

export function node(id: string, type: string, params: Record<string, ParamValue> = {}): DocNode {
  return { id, type, params, position: { x: 0, y: 0 } };
}

/** Edges along a chain of `node` or `node:port` (out of the previous, into `in` unless named). */
export function chain(prefix: string, ...ids: string[]): DocEdge[] {
  const edges: DocEdge[] = [];
  for (let i = 1; i < ids.length; i++) {
    const [a, ap] = ids[i - 1].split(':');
    const [b, bp] = ids[i].split(':');
    edges.push({ id: `${prefix}e${i}`, from: { node: a, port: ap ?? 'out' }, to: { node: b, port: bp ?? 'in' } });
  }
  return edges;
}

export function customLayer(): BlockDef {
  return {
    params: {
      out_channels: { default: 32, bind: [{ node: 'conv', param: 'out_channels' }] },
      kernel_size: { default: 3, bind: [{ node: 'conv', param: 'kernel_size' }] },
      padding: { default: 1, bind: [{ node: 'conv', param: 'padding' }] },
    },
    inputs: [{ name: 'in', node: 'conv', port: 'in' }],
    outputs: [{ name: 'out', node: 'relu', port: 'out' }],
    nodes: [node('conv', 'Conv2d'), node('relu', 'ReLU')],
    edges: chain('', 'conv', 'relu'),
  };
}

const training = () => ({ ...defaultTraining(), dataset: { kind: 'mnist' }, batch_size: 32, shuffle: false, seed: 7 }) as ProjectDocument['training'];

const tail = (first: string) => [
  node('pool1', 'MaxPool2d', { kernel_size: 2 }),
  ...(first === 'block' ? [node('c2', 'CustomLayer', { out_channels: 16 })] : [node('c2/conv', 'Conv2d', { out_channels: 16, kernel_size: 3, padding: 1 }), node('c2/relu', 'ReLU')]),
  node('pool2', 'MaxPool2d', { kernel_size: 2 }),
  node('flat', 'Flatten'),
  node('fc', 'Linear', { out_features: 10 }),
  node('loss', 'CrossEntropyLoss'),
];

export function convNetWithBlocks(): ProjectDocument {
  return {
    version: 1, name: 'blocks', training: training(),
    blocks: { CustomLayer: customLayer() },
    nodes: [node('input', 'Input', { shape: [1, 28, 28] }), node('c1', 'CustomLayer', { out_channels: 8 }), ...tail('block')],
    edges: [...chain('', 'input:x', 'c1', 'pool1', 'c2', 'pool2', 'flat', 'fc', 'loss:input'), { id: 'ey', from: { node: 'input', port: 'y' }, to: { node: 'loss', port: 'target' } }],
  };
}

export function convNetFlat(): ProjectDocument {
  return {
    version: 1, name: 'flat', training: training(),
    nodes: [node('input', 'Input', { shape: [1, 28, 28] }), node('c1/conv', 'Conv2d', { out_channels: 8, kernel_size: 3, padding: 1 }), node('c1/relu', 'ReLU'), ...tail('flat')],
    edges: [
      ...chain('', 'input:x', 'c1/conv', 'c1/relu', 'pool1', 'c2/conv', 'c2/relu', 'pool2', 'flat', 'fc', 'loss:input'),
      { id: 'ey', from: { node: 'input', port: 'y' }, to: { node: 'loss', port: 'target' } },
    ],
  };
}
