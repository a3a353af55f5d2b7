import type { CheckResult } from '../../check/types';
import type { DocNode, ProjectDocument } from '../../graph/document';
import { topology } from '../../graph/topology';
import { CompileError } from '../../ir/errors';
import { requireLayer } from '../../blocks/resolve';
import { BlockClasses } from './blockClasses';
import { inputPorts } from '../../layers/ports';
import type { LayerDef, TensorType, TorchContext } from '../../layers/types';
import { className, NameScope } from './names';
import { addHelpers, defaultForward, emitModuleClass, form, key, type ModuleNode, type ModuleSpec } from './moduleClass';

/** Finds a layer definition by type: today the built-ins; later also the document's blocks. */
export type LayerResolver = (type: string) => LayerDef;

export interface ModelSource {
  /** Python: helper definitions, then the model class. */
  code: string;
  className: string;
  /** Python: `criterion = …` and `def compute_loss(logits, y)`. */
  loss: string;
  /** Loss over class labels: accuracy (argmax == label) is reported. */
  classification: boolean;
  /** Canvas node id → attribute name (the state_dict prefix of its parameters). */
  attrs: Map<string, string>;
  /** Nodes left out because nothing they compute reaches the loss. */
  unused: string[];
  /** The layers' notes on where the script departs from Wiregrad (TorchForm.note), once each. */
  notes: string[];
}

function unsupported(nodeId: string, message: string): CompileError {
  return new CompileError('TORCH_EXPORT_UNSUPPORTED', message, nodeId);
}

/**
 * The model class of a checked, valid document: every node on the way from Input's `x` to
 * the loss's `input` becomes an attribute named after the node (its label, else its id),
 * and forward() calls them in topological order. The loss becomes `criterion`.
 */
export function emitModel(doc: ProjectDocument, check: CheckResult, resolve: LayerResolver = (type) => requireLayer(doc, type)): ModelSource {
  const lossId = check.lossNodes[0];
  if (!lossId) throw new CompileError('GRAPH_NO_LOSS', 'The model has no loss; add CrossEntropyLoss or MSELoss to export a training script');
  const topo = topology(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const edgeInto = (id: string, port: string) => topo.incoming.get(id)?.get(port)?.[0];

  const lossNode = byId.get(lossId)!;
  const lossDef = resolve(lossNode.type);
  const logitsEdge = edgeInto(lossId, 'input')!;
  const targetEdge = edgeInto(lossId, 'target')!;
  const input = byId.get(targetEdge.from.node)!;
  if (resolve(input.type).category !== 'input' || targetEdge.from.port !== 'y') {
    throw unsupported(lossId, `${lossNode.type}'s target must be Input's y (the labels) in a PyTorch export`);
  }

  // The nodes the loss input depends on, found backwards along the edges.
  const needed = new Set<string>();
  const stack = [logitsEdge.from.node];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    for (const edges of topo.incoming.get(id)?.values() ?? []) for (const e of edges) stack.push(e.from.node);
  }

  const scope = new NameScope();
  const attrs = new Map<string, string>();
  const nodes: ModuleNode[] = [];
  const helpers = new Map<string, string>();
  // Block classes are helpers too: each emitted once, the blocks it uses before it.
  const blocks = new BlockClasses(doc, check, helpers);
  for (const id of check.order) {
    if (!needed.has(id)) continue;
    const node = byId.get(id)!;
    const def = resolve(node.type);
    if (def.category === 'input') {
      if (id !== input.id) throw unsupported(id, 'A PyTorch export needs a single Input node feeding both the model and the loss target');
      continue;
    }
    const sources: Record<string, string> = {};
    const inputs: Record<string, TensorType | undefined> = {};
    for (const port of inputPorts(def, node.params)) {
      const e = edgeInto(id, port.name);
      if (!e) continue;
      if (e.from.node === input.id && e.from.port === 'y') throw unsupported(id, `${node.type} reads the labels (Input's y); only the loss may in a PyTorch export`);
      sources[port.name] = key(e.from.node, e.from.port);
      inputs[port.name] = check.edges[e.id] ?? undefined;
    }
    const attr = scope.claim(node.label ?? id);
    attrs.set(id, attr);
    const module = def.category === 'block' ? blocks.constructorFor(node) : undefined;
    nodes.push({ node, attr, def, sources, ctx: { params: check.nodes[id].params, inputs }, outShape: check.nodes[id].outputs[def.outputs[0]?.name]?.shape, module });
  }
  const unused = check.order.filter((id) => !needed.has(id) && id !== lossId && id !== input.id && resolve(byId.get(id)!.type).category !== 'loss');

  // A project named after a helper (a project "concat" uses the Concat helper) or after one of its blocks gets `ConcatModel`.
  const helperNames = new Set([...nodes.map((n) => n.def), lossDef].flatMap((d) => Object.keys(d.torch?.helpers ?? {})));
  const blockNames = new Set(Object.keys(doc.blocks ?? {}));
  const name = className(doc.name, 'Model');
  const spec: ModuleSpec = {
    className: helperNames.has(name) || blockNames.has(name) ? `${name}Model` : name,
    doc: `The canvas of "${doc.name}", node by node (attributes are the canvas's names).`,
    args: [{ name: 'x', key: key(input.id, 'x') }],
    nodes,
    outputs: [key(logitsEdge.from.node, logitsEdge.from.port)],
  };
  const code = emitModuleClass(spec, helpers);
  // Parameters of layers inside blocks are named by path (`block1/conv`): their state-dict prefix follows the nesting.
  for (const id of check.flat?.doc.nodes.map((n) => n.id) ?? []) {
    const attr = id.includes('/') ? blocks.attrOf(id, attrs) : undefined;
    if (attr) attrs.set(id, attr);
  }
  const notes = [...new Set([...nodes.map((n) => n.def), lossDef].map((d) => d.torch?.note).filter((n): n is string => !!n))];
  const loss = emitLoss(lossNode, lossDef, check, { input: check.edges[logitsEdge.id] ?? undefined, target: check.edges[targetEdge.id] ?? undefined }, helpers);
  return {
    code: [...helpers.values(), code].join('\n\n\n'),
    className: spec.className,
    loss,
    classification: lossDef.torch?.classification?.(check.edges[targetEdge.id] ?? undefined) ?? check.edges[targetEdge.id]?.dtype === 'int64',
    attrs,
    unused,
    notes,
  };
}

function emitLoss(node: DocNode, def: LayerDef, check: CheckResult, inputs: TorchContext['inputs'], helpers: Map<string, string>): string {
  const f = form({ node, def });
  addHelpers(helpers, f.helpers);
  const ctx: TorchContext = { params: check.nodes[node.id].params, inputs, call: 'criterion', args: { input: 'logits', target: 'y' } };
  return [
    `criterion = ${f.module(ctx)}  # canvas node ${node.id} (${def.type})`,
    '',
    '',
    'def compute_loss(logits, y):',
    `    return ${f.forward ? f.forward(ctx) : defaultForward(def, ctx)}`,
  ].join('\n');
}
