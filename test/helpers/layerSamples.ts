/**
 * A small valid project around any registered layer, for the registry-driven layer tests:
 * Input → layer (every tensor port fed by the Input) → [Flatten →] Linear → CrossEntropyLoss,
 * or Input → Linear → loss for losses.
 */
import { checkDocument } from '../../core/check/check';
import { emptyDocument, type DocNode, type ProjectDocument } from '../../core/graph/document';
import { inputPorts } from '../../core/layers/ports';
import type { LayerDef } from '../../core/layers/types';

/** Sample shapes tried in turn until the layer (with the case's params) accepts one. */
export const SAMPLE_SHAPES = [[4, 9, 9], [12]];

function node(id: string, type: string, params: DocNode['params'] = {}): DocNode {
  return { id, type, params, position: { x: 0, y: 0 } };
}

/** A small valid project around `def` with `params`, or null when no sample shape suits them. */
export function sampleProject(def: LayerDef, params: DocNode['params'] = {}): ProjectDocument | null {
  for (const shape of SAMPLE_SHAPES) {
    const doc = emptyDocument(`${def.type} sample`);
    const edges: ProjectDocument['edges'] = [];
    const link = (from: string, port: string, to: string, toPort: string) => edges.push({ id: `e${edges.length}`, from: { node: from, port }, to: { node: to, port: toPort } });
    const nodes = [node('input', 'Input', { shape })];
    let last = 'input';
    let lastPort = 'x';
    if (def.category !== 'loss') {
      nodes.push(node('layer', def.type, params));
      for (const p of inputPorts(def, params).filter((p) => p.kind === 'tensor')) link('input', 'x', 'layer', p.name);
      const out = checkDocument({ ...doc, nodes, edges }).nodes.layer?.outputs[def.outputs[0].name];
      if (!out) continue;
      [last, lastPort] = ['layer', def.outputs[0].name];
      if (out.shape.length > 1) {
        nodes.push(node('flat', 'Flatten'));
        link(last, lastPort, 'flat', 'in');
        [last, lastPort] = ['flat', 'out'];
      }
    }
    nodes.push(node('head', 'Linear', { out_features: 10 }), node('loss', def.category === 'loss' ? def.type : 'CrossEntropyLoss'));
    link(last, lastPort, 'head', 'in');
    link('head', 'out', 'loss', 'input');
    link('input', 'y', 'loss', 'target');
    const sample = { ...doc, nodes, edges, training: { ...doc.training, seed: 5 } };
    if (!checkDocument(sample).diagnostics.some((d) => d.severity === 'error')) return sample;
  }
  return null;
}
