/**
 * Small documents for tests: a chain of layers from an Input to a loss, wired out → in,
 * the Input's y to the loss's target. Real documents, parsed by the real parser.
 */
import { defaultTraining, DOCUMENT_VERSION, type ParamValue, type ProjectDocument, type TrainingConfig } from '../../core/graph/document';
import { parseDocument, serializeDocument } from '../../core/graph/parse';

export type LayerSpec = [type: string, params?: Record<string, ParamValue>, id?: string];

export function chainDoc(shape: number[], layers: LayerSpec[], loss = 'CrossEntropyLoss', training: Partial<TrainingConfig> = {}): ProjectDocument {
  const nodes: { id: string; type: string; params: Record<string, ParamValue>; position: { x: number; y: number } }[] = [
    { id: 'input', type: 'Input', params: { shape }, position: { x: 0, y: 0 } },
  ];
  const edges: ProjectDocument['edges'] = [];
  let prev = 'input';
  let port = 'x';
  layers.forEach(([type, params = {}, id], i) => {
    const nid = id ?? `n${i + 1}`;
    nodes.push({ id: nid, type, params, position: { x: 0, y: 80 * (i + 1) } });
    edges.push({ id: `e${i + 1}`, from: { node: prev, port }, to: { node: nid, port: 'in' } });
    prev = nid;
    port = 'out';
  });
  nodes.push({ id: 'loss', type: loss, params: {}, position: { x: 0, y: 80 * (layers.length + 1) } });
  edges.push({ id: 'e_in', from: { node: prev, port }, to: { node: 'loss', port: 'input' } });
  edges.push({ id: 'e_y', from: { node: 'input', port: 'y' }, to: { node: 'loss', port: 'target' } });
  const doc = { version: DOCUMENT_VERSION, name: 'test', nodes, edges, training: { ...defaultTraining(), ...training } };
  return parseDocument(serializeDocument(doc as ProjectDocument), 'test.wiregrad.json');
}

/** A node of graphDoc: id, type, params and its inputs as `source` or `source:port`, in port order (in, or in0, in1, ...). */
export type GraphNodeSpec = [id: string, type: string, params: Record<string, ParamValue>, inputs: string[]];

/**
 * A DAG from an Input (id `input`) to a loss fed by the last node: each node lists its
 * sources; a single source goes to `in`, several to `in0..in{n-1}` (Add, Concat).
 */
export function graphDoc(shape: number[], specs: GraphNodeSpec[], loss = 'CrossEntropyLoss', training: Partial<TrainingConfig> = {}, lossParams: Record<string, ParamValue> = {}): ProjectDocument {
  const nodes = [{ id: 'input', type: 'Input', params: { shape } as Record<string, ParamValue>, position: { x: 0, y: 0 } }];
  const edges: ProjectDocument['edges'] = [];
  const from = (src: string) => {
    const [node, port] = src.split(':');
    return { node, port: port ?? (node === 'input' ? 'x' : 'out') };
  };
  specs.forEach(([id, type, params, inputs], i) => {
    nodes.push({ id, type, params, position: { x: 0, y: 80 * (i + 1) } });
    inputs.forEach((src, k) => edges.push({ id: `e_${id}_${k}`, from: from(src), to: { node: id, port: inputs.length > 1 ? `in${k}` : 'in' } }));
  });
  nodes.push({ id: 'loss', type: loss, params: lossParams, position: { x: 0, y: 80 * (specs.length + 1) } });
  edges.push({ id: 'e_in', from: from(specs.at(-1)![0]), to: { node: 'loss', port: 'input' } });
  edges.push({ id: 'e_y', from: { node: 'input', port: 'y' }, to: { node: 'loss', port: 'target' } });
  const doc = { version: DOCUMENT_VERSION, name: 'test', nodes, edges, training: { ...defaultTraining(), ...training } };
  return parseDocument(serializeDocument(doc as ProjectDocument), 'test.wiregrad.json');
}

/**
 * A conv stem on CIFAR-shaped samples: Conv2d(3→16, 3×3, no bias) → BatchNorm2d (or not) →
 * ReLU → AdaptiveAvgPool2d(1) → Flatten → Linear(10); enough FLOPs per sample that plain
 * "cpu" would split it across cores.
 */
export function convStemDoc(batchNorm: boolean, training: Partial<TrainingConfig> = {}): ProjectDocument {
  const stem: LayerSpec = ['Conv2d', { out_channels: 16, kernel_size: 3, padding: 1, bias: false }, 'stem'];
  const layers: LayerSpec[] = [stem, ...(batchNorm ? [['BatchNorm2d', {}, 'stem_bn'] as LayerSpec] : []), ['ReLU', {}, 'relu'],
    ['AdaptiveAvgPool2d', { output_size: 1 }, 'pool'], ['Flatten', {}, 'flat'], ['Linear', { out_features: 10 }, 'fc']];
  return { ...chainDoc([3, 32, 32], layers, 'CrossEntropyLoss', training), name: batchNorm ? 'stem-bn' : 'stem' };
}
