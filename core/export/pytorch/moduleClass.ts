/**
 * One nn.Module class as Python text: the model's, or a block definition's
 * (./blockClasses.ts). Shared by both, so a block class reads like the model class.
 */
import { CompileError } from '../../ir/errors';
import type { DocNode } from '../../graph/document';
import { inputPorts } from '../../layers/ports';
import type { LayerDef, TorchContext } from '../../layers/types';

export const key = (node: string, port: string) => `${node}:${port}`;

/** One node inside a module class: its attribute, its definition and its wiring. */
export interface ModuleNode {
  node: DocNode;
  attr: string;
  def: LayerDef;
  /** Value keys (`node:port`) feeding each connected input port. */
  sources: Record<string, string>;
  ctx: Omit<TorchContext, 'call' | 'args'>;
  /** Per-sample output shape for the comment, when known. */
  outShape?: number[];
  /** The constructor text when it is not the layer's own torch form (a block class, symbolic arguments). */
  module?: string;
}

/**
 * What one nn.Module class is made of. The top-level model is one; a block definition
 * (a sub-graph with input and output pins) will be another, and its instances nodes whose
 * torch form constructs that class.
 */
export interface ModuleSpec {
  className: string;
  doc: string;
  /** forward() arguments: Python name and the value key they stand for. */
  args: { name: string; key: string }[];
  nodes: ModuleNode[];
  /** The values forward() returns: one, or a tuple (a block with several output pins, in pin order). */
  outputs: string[];
  /** Constructor arguments after self (a block class's parameters). */
  initArgs?: string[];
}

export function form(n: { node: DocNode; def: LayerDef }) {
  const f = n.def.torch;
  if (!f) throw new CompileError('TORCH_NO_FORM', `${n.def.type} has no PyTorch form yet, so this project cannot be exported as a PyTorch script`, n.node.id);
  return f;
}

export function addHelpers(helpers: Map<string, string>, more: Record<string, string> | undefined): void {
  for (const [name, code] of Object.entries(more ?? {})) if (!helpers.has(name)) helpers.set(name, code.trim());
}

export function defaultForward(def: LayerDef, ctx: TorchContext): string {
  return `${ctx.call}(${inputPorts(def, ctx.params).filter((p) => p.name in ctx.args).map((p) => ctx.args[p.name]).join(', ')})`;
}

/**
 * The class text. Forward keeps the PyTorch idiom `x = self.layer(x)` along a chain and
 * names a value after its node only where a later node still needs it (a skip
 * connection), so chains read like a tutorial and DAGs stay correct.
 */
export function emitModuleClass(spec: ModuleSpec, helpers: Map<string, string>): string {
  const init: string[] = [];
  const fwd: string[] = [];
  const uses = new Map<string, number>();
  for (const o of spec.outputs) uses.set(o, (uses.get(o) ?? 0) + 1);
  for (const n of spec.nodes) for (const k of new Set(Object.values(n.sources))) uses.set(k, (uses.get(k) ?? 0) + 1);
  const varOf = new Map(spec.args.map((a) => [a.key, a.name]));
  let inX: string | undefined = spec.args.find((a) => a.name === 'x')?.key;

  for (const n of spec.nodes) {
    const f = n.module && !n.def.torch ? null : form(n);
    if (f) addHelpers(helpers, f.helpers);
    const args = Object.fromEntries(Object.entries(n.sources).map(([port, k]) => [port, varOf.get(k)!]));
    const ctx: TorchContext = { ...n.ctx, call: `self.${n.attr}`, args };
    const inShape = Object.values(n.ctx.inputs)[0]?.shape;
    const shape = n.outShape ? `: ${inShape ? `${inShape.join('×') || 'scalar'} → ` : ''}${n.outShape.join('×')}` : '';
    init.push(`        self.${n.attr} = ${n.module ?? f!.module(ctx)}  # ${n.node.id === n.attr ? '' : `${n.node.id}, `}${n.def.type}${shape}`);
    // A frozen canvas layer (trainable: false): no gradient, so optimizers leave it as Wiregrad does.
    if (n.node.trainable === false) init.push(`        self.${n.attr}.requires_grad_(False)  # frozen`);
    const expr = f?.forward ? f.forward(ctx) : defaultForward(n.def, ctx);
    for (const k of new Set(Object.values(n.sources))) uses.set(k, uses.get(k)! - 1);
    const outs = n.def.outputs.map((p) => key(n.node.id, p.name));
    let names: string[];
    if (outs.length === 1 && (inX === undefined || uses.get(inX) === 0)) {
      names = ['x'];
      inX = outs[0];
    } else {
      names = outs.length === 1 ? [n.attr] : n.def.outputs.map((p) => `${n.attr}_${p.name}`);
    }
    outs.forEach((k, i) => varOf.set(k, names[i]));
    fwd.push(`        ${names.join(', ')} = ${expr}`);
  }
  return [
    `class ${spec.className}(nn.Module):`,
    `    """${spec.doc}"""`,
    '',
    `    def __init__(${['self', ...(spec.initArgs ?? [])].join(', ')}):`,
    '        super().__init__()',
    ...init,
    '',
    `    def forward(self, ${spec.args.map((a) => a.name).join(', ')}):`,
    ...fwd,
    `        return ${spec.outputs.map((o) => varOf.get(o)).join(', ')}`,
  ].join('\n');
}

