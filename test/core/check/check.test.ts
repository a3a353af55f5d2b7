/**
 * The shape checker on the templates and on the mistakes students make: every diagnostic is
 * asserted by code and node id (not wording), with the one-click fix where there is one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import type { Diagnostic } from '../../../core/check/diagnostics';
import type { ProjectDocument } from '../../../core/graph/document';
import { parseDocument } from '../../../core/graph/parse';

const templates = path.resolve(__dirname, '../../../assets/templates');

function template(name: 'mnist-mlp' | 'mnist-lenet' | 'cifar-convnet'): ProjectDocument {
  const file = `${name}.wiregrad.json`;
  return parseDocument(fs.readFileSync(path.join(templates, file), 'utf8'), file);
}

const errors = (doc: ProjectDocument): Diagnostic[] => checkDocument(doc).diagnostics.filter((d) => d.severity === 'error');
const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.nodeId ?? '-'}`);

function setParam(doc: ProjectDocument, nodeId: string, param: string, value: number | string): ProjectDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, [param]: value } } : n)) };
}

function withoutNode(doc: ProjectDocument, nodeId: string): ProjectDocument {
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => n.id !== nodeId),
    edges: doc.edges.filter((e) => e.from.node !== nodeId && e.to.node !== nodeId),
  };
}

function withEdge(doc: ProjectDocument, id: string, from: [string, string], to: [string, string]): ProjectDocument {
  return { ...doc, edges: [...doc.edges, { id, from: { node: from[0], port: from[1] }, to: { node: to[0], port: to[1] } }] };
}

function withoutEdge(doc: ProjectDocument, id: string): ProjectDocument {
  expect(doc.edges.some((e) => e.id === id), `edge ${id} exists`).toBe(true);
  return { ...doc, edges: doc.edges.filter((e) => e.id !== id) };
}

describe('templates check clean', () => {
  it.each(['mnist-mlp', 'mnist-lenet', 'cifar-convnet'] as const)('%s has no diagnostics', (name) => {
    expect(checkDocument(template(name)).diagnostics).toEqual([]);
  });

  it('MLP: shapes, 109,386 parameters and FLOPs', () => {
    const r = checkDocument(template('mnist-mlp'));
    expect(r.nodes.flatten.outputs.out).toEqual({ shape: [784], dtype: 'float32' });
    expect(r.nodes.fc1.outputs.out!.shape).toEqual([128]);
    expect(r.nodes.fc2.outputs.out!.shape).toEqual([64]);
    expect(r.nodes.fc3.outputs.out!.shape).toEqual([10]);
    expect(r.nodes.input.outputs).toEqual({ x: { shape: [1, 28, 28], dtype: 'float32' }, y: { shape: [], dtype: 'int64' } });
    expect(r.nodes.fc1.paramCount).toBe(784 * 128 + 128);
    expect(r.nodes.fc2.paramCount).toBe(128 * 64 + 64);
    expect(r.nodes.fc3.paramCount).toBe(64 * 10 + 10);
    expect(r.totalParams).toBe(109_386);
    expect(r.nodes.fc1.flops).toBe(2 * 784 * 128);
    expect(r.nodes.fc3.flops).toBe(2 * 64 * 10);
    expect(r.totalFlops).toBe(Object.values(r.nodes).reduce((a, n) => a + n.flops, 0));
    expect(r.totalFlops).toBeGreaterThanOrEqual(2 * (784 * 128 + 128 * 64 + 64 * 10));
    expect(r.order[0]).toBe('input');
    expect(r.lossNodes).toEqual(['loss']);
  });

  it('LeNet: shapes, 61,706 parameters and conv FLOPs', () => {
    const r = checkDocument(template('mnist-lenet'));
    expect(r.nodes.conv1.outputs.out!.shape).toEqual([6, 28, 28]);
    expect(r.nodes.pool1.outputs.out!.shape).toEqual([6, 14, 14]);
    expect(r.nodes.conv2.outputs.out!.shape).toEqual([16, 10, 10]);
    expect(r.nodes.pool2.outputs.out!.shape).toEqual([16, 5, 5]);
    expect(r.nodes.flatten.outputs.out!.shape).toEqual([400]);
    expect(r.nodes.fc1.outputs.out!.shape).toEqual([120]);
    expect(r.nodes.conv1.paramCount).toBe(6 * 25 + 6);
    expect(r.nodes.conv2.paramCount).toBe(16 * 6 * 25 + 16);
    expect(r.totalParams).toBe(61_706);
    expect(r.nodes.conv1.flops).toBe(2 * 25 * 6 * 28 * 28);
    expect(r.nodes.conv2.flops).toBe(2 * 150 * 16 * 10 * 10);
  });

  it('ConvNet: shapes, in_features auto → 2048 and 113,738 parameters', () => {
    const doc = template('cifar-convnet');
    expect(doc.nodes.find((n) => n.id === 'fc')!.params.in_features).toBe('auto');
    const r = checkDocument(doc);
    expect(r.nodes.conv1.outputs.out!.shape).toEqual([32, 32, 32]);
    expect(r.nodes.pool1.outputs.out!.shape).toEqual([32, 16, 16]);
    expect(r.nodes.pool2.outputs.out!.shape).toEqual([64, 8, 8]);
    expect(r.nodes.conv3.outputs.out!.shape).toEqual([128, 8, 8]);
    expect(r.nodes.pool3.outputs.out!.shape).toEqual([128, 4, 4]);
    expect(r.nodes.flatten.outputs.out!.shape).toEqual([2048]);
    expect(r.nodes.fc.params.in_features).toBe(2048);
    expect(r.nodes.fc.paramCount).toBe(2048 * 10 + 10);
    expect(r.totalParams).toBe(113_738);
    expect(r.nodes.conv3.flops).toBe(2 * 64 * 9 * 128 * 8 * 8);
    expect(r.edges.e_flatten_fc).toEqual({ shape: [2048], dtype: 'float32' });
  });
});

describe('the course ConvNet bug', () => {
  it('in_features 4608 (128·6·6) on fc: LINEAR_IN_FEATURES with a fix to 2048', () => {
    const doc = setParam(template('cifar-convnet'), 'fc', 'in_features', 4608);
    const errs = errors(doc);
    expect(codes(errs)).toEqual(['LINEAR_IN_FEATURES@fc']);
    const d = errs[0];
    expect(d.message).toMatch(/2048/);
    expect(d.message).toMatch(/4608/);
    expect(d.fix).toMatchObject({ kind: 'setParam', nodeId: 'fc', param: 'in_features', value: 2048 });
    // Applying the fix makes the project clean.
    expect(errors(setParam(doc, 'fc', 'in_features', 2048))).toEqual([]);
    // Downstream types are unknown rather than guessed; no cascade of errors.
    expect(checkDocument(doc).nodes.fc.outputs.out).toBeNull();
  });
});

describe('graph mistakes', () => {
  it('missing Flatten: LINEAR_NOT_FLAT with an insertFlatten fix on the edge', () => {
    let doc = withoutNode(template('cifar-convnet'), 'flatten');
    doc = withEdge(doc, 'e_pool3_fc', ['pool3', 'out'], ['fc', 'in']);
    const errs = errors(doc);
    expect(codes(errs)).toEqual(['LINEAR_NOT_FLAT@fc']);
    expect(errs[0].message).toMatch(/2048/);
    expect(errs[0].fix).toMatchObject({ kind: 'insertFlatten', edgeId: 'e_pool3_fc' });
  });

  it('a cycle: GRAPH_CYCLE on the nodes in the loop', () => {
    let doc = withoutEdge(template('mnist-mlp'), doc0Edge('flatten', 'fc1'));
    doc = withEdge(doc, 'e_back', ['relu2', 'out'], ['fc1', 'in']);
    const cyc = errors(doc).filter((d) => d.code === 'GRAPH_CYCLE').map((d) => d.nodeId);
    for (const id of ['fc1', 'relu1', 'fc2', 'relu2']) expect(cyc).toContain(id);
    expect(cyc).not.toContain('input');
  });

  it('an unconnected input: GRAPH_UNCONNECTED_INPUT on the node and port', () => {
    const doc = withoutEdge(template('mnist-mlp'), doc0Edge('input', 'loss'));
    const errs = errors(doc);
    expect(codes(errs)).toEqual(['GRAPH_UNCONNECTED_INPUT@loss']);
    expect(errs[0].port).toBe('target');

    const noIn = errors(withoutEdge(template('mnist-mlp'), doc0Edge('relu1', 'fc2')));
    expect(codes(noIn)).toContain('GRAPH_UNCONNECTED_INPUT@fc2');
  });

  it('no loss: GRAPH_NO_LOSS on the model (no node) with an addLoss fix after the last layer', () => {
    const doc = withoutNode(template('mnist-mlp'), 'loss');
    const errs = errors(doc);
    expect(codes(errs)).toEqual(['GRAPH_NO_LOSS@-']);
    expect(errs[0].fix).toMatchObject({ kind: 'addLoss', afterNodeId: 'fc3', lossType: 'CrossEntropyLoss' });
  });

  it('loss fed a C×H×W tensor: LOSS_INPUT_SHAPE', () => {
    let doc = withoutEdge(template('mnist-mlp'), doc0Edge('fc3', 'loss'));
    doc = withEdge(doc, 'e_x_loss', ['input', 'x'], ['loss', 'input']);
    expect(codes(errors(doc))).toEqual(['LOSS_INPUT_SHAPE@loss']);
  });

  it('loss target fed a float tensor: LOSS_TARGET_TYPE', () => {
    let doc = withoutEdge(template('mnist-mlp'), doc0Edge('input', 'loss'));
    doc = withEdge(doc, 'e_fc3_target', ['fc3', 'out'], ['loss', 'target']);
    const errs = errors(doc);
    expect(codes(errs)).toEqual(['LOSS_TARGET_TYPE@loss']);
    expect(errs[0].port).toBe('target');
  });

  it('Conv2d in_channels mismatch: CONV_IN_CHANNELS with a fix to the real channel count', () => {
    const doc = setParam(template('mnist-lenet'), 'conv2', 'in_channels', 8);
    const errs = errors(doc);
    expect(codes(errs)).toEqual(['CONV_IN_CHANNELS@conv2']);
    expect(errs[0].fix).toMatchObject({ kind: 'setParam', nodeId: 'conv2', param: 'in_channels', value: 6 });
  });

  it('Linear in_features mismatch in the MLP', () => {
    const errs = errors(setParam(template('mnist-mlp'), 'fc2', 'in_features', 100));
    expect(codes(errs)).toEqual(['LINEAR_IN_FEATURES@fc2']);
    expect(errs[0].fix).toMatchObject({ value: 128 });
  });

  it('two edges into one port: PORT_MULTIPLE_EDGES', () => {
    const doc = withEdge(template('mnist-mlp'), 'e_extra', ['relu1', 'out'], ['fc3', 'in']);
    expect(codes(errors(doc))).toContain('PORT_MULTIPLE_EDGES@fc3');
  });

  it('a kernel larger than its input: CONV_EMPTY_OUTPUT', () => {
    const doc = setParam(template('mnist-lenet'), 'conv2', 'kernel_size', 20);
    expect(codes(errors(doc))).toEqual(['CONV_EMPTY_OUTPUT@conv2']);
  });

  it('a dangling layer is a warning (NODE_UNUSED), not an error', () => {
    const doc = { ...template('mnist-mlp') };
    doc.nodes = [...doc.nodes, { id: 'stray', type: 'ReLU', params: {}, position: { x: 0, y: 0 } }];
    const r = checkDocument(doc);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.code}@${d.nodeId}`)).toEqual(['NODE_UNUSED@stray']);
  });

  it('an empty document has no diagnostics', () => {
    const doc = template('mnist-mlp');
    expect(checkDocument({ ...doc, nodes: [], edges: [] }).diagnostics).toEqual([]);
  });
});

/** The id of the template edge from one node to another (templates name them e_<from>_<to> or e_labels_loss). */
function doc0Edge(from: string, to: string): string {
  if (from === 'input' && to === 'loss') return 'e_labels_loss';
  const doc = template('mnist-mlp');
  const e = doc.edges.find((x) => x.from.node === from && x.to.node === to);
  if (!e) throw new Error(`no edge ${from} → ${to} in the MLP template`);
  return e.id;
}
