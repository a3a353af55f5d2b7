import { emptyDocument, type DocNode, type ProjectDocument } from '../../core/graph/document';

export function node(id: string, type = 'Linear', x = 0): DocNode {
  return { id, type, params: {}, position: { x, y: 0 } };
}

/** Input -> Linear -> ReLU, wired. */
export function chain(): ProjectDocument {
  return {
    ...emptyDocument('t'),
    nodes: [node('n1', 'Input'), node('n2', 'Linear', 200), node('n3', 'ReLU', 400)],
    edges: [
      { id: 'e1', from: { node: 'n1', port: 'x' }, to: { node: 'n2', port: 'in' } },
      { id: 'e2', from: { node: 'n2', port: 'out' }, to: { node: 'n3', port: 'in' } },
    ],
  };
}
