/**
 * Blocks as nn.Module classes, like the course's CustomLayer: one class per block, whose
 * constructor takes the block's exposed parameters (and any inner value that differs between
 * instances, e.g. an inferred in_channels), and whose forward calls the inner layers; an
 * instance is `self.block1 = CustomLayer(in_channels=3, out_channels=32, ...)`. State-dict
 * keys follow the nesting (`block1.conv.weight` for Wiregrad's `block1/conv.weight`).
 *
 * An inner layer's constructor is its own torch form, called with placeholder numbers for
 * the symbolic parameters, which are then replaced by the argument names; a form that
 * transforms a value (so its placeholder disappears) falls back to the literal when every
 * instance agrees, else the export is refused by name.
 */
import type { CheckResult } from '../../check/types';
import type { DocNode, ParamValue, ProjectDocument } from '../../graph/document';
import { topology } from '../../graph/topology';
import { CompileError } from '../../ir/errors';
import { findLayer } from '../../layers/index';
import { inputPorts } from '../../layers/ports';
import type { ParamKind, TensorType } from '../../layers/types';
import { py } from '../../layers/torch';
import { blockOf, requireLayer } from '../../blocks/resolve';
import { emitModuleClass, key, type ModuleNode } from './moduleClass';
import { NameScope } from './names';

interface Arg {
  name: string;
  kind: ParamKind;
  default?: ParamValue;
}

interface BlockClass {
  className: string;
  args: Arg[];
  /** Constructor argument values for the instance at this flat path. */
  argValues(path: string): Record<string, ParamValue>;
  /** Inner node id → attribute. */
  attrs: Map<string, string>;
}

const unsupported = (nodeId: string | undefined, message: string) => new CompileError('TORCH_EXPORT_UNSUPPORTED', message, nodeId);
const SENTINEL = 987_650_000;
const NUMERIC: ParamKind[] = ['int', 'intOrAuto', 'intPair', 'float'];

export class BlockClasses {
  private readonly classes = new Map<string, BlockClass>();
  private readonly paths: Map<string, string[]>;
  private readonly flat: CheckResult;

  constructor(
    private readonly doc: ProjectDocument,
    check: CheckResult,
    private readonly helpers: Map<string, string>,
  ) {
    this.flat = check.flat?.check ?? check;
    this.paths = instancePaths(doc);
  }

  /** `self.<attr> = ...` text for a top-level instance. */
  constructorFor(node: DocNode): string {
    const c = this.classFor(node.type);
    const values = c.argValues(node.id);
    return `${c.className}(${c.args.map((a) => `${a.name}=${py(values[a.name])}`).join(', ')})`;
  }

  /** Attribute path of a flat layer (`block1/conv` → `block1.conv`), given the top-level attributes. */
  attrOf(flatId: string, top: Map<string, string>): string | undefined {
    const segs = flatId.split('/');
    const head = top.get(segs[0]);
    if (!head || segs.length === 1) return head;
    const parts = [head];
    let nodes = this.doc.nodes;
    for (let i = 0; i < segs.length - 1; i++) {
      const n = nodes.find((x) => x.id === segs[i]);
      const block = n && blockOf(this.doc.blocks, n.type);
      if (!block) return undefined;
      const attr = this.classFor(n.type).attrs.get(segs[i + 1]);
      if (!attr) return undefined;
      parts.push(attr);
      nodes = block.nodes;
    }
    return parts.join('.');
  }

  classFor(name: string): BlockClass {
    const hit = this.classes.get(name);
    if (hit) return hit;
    const block = blockOf(this.doc.blocks, name)!;
    const paths = this.paths.get(name) ?? [];
    if (!paths.length) throw unsupported(undefined, `Block ${name} is not used`);
    const first = paths[0];
    const scope = new NameScope();
    const attrs = new Map<string, string>();
    const args: Arg[] = [];
    const argOf = new Map<string, (path: string) => ParamValue>();
    const addArg = (arg: Arg, value: (path: string) => ParamValue) => {
      if (!argOf.has(arg.name)) args.push(arg);
      argOf.set(arg.name, value);
    };
    const graph = { ...this.doc, nodes: block.nodes, edges: block.edges };
    const topo = topology(graph);
    const byId = new Map(block.nodes.map((n) => [n.id, n]));
    const exposedFor = (node: string, param: string) => Object.entries(block.params ?? {}).find(([, p]) => p.bind.some((b) => b.node === node && b.param === param))?.[0];
    // Exposed parameters first, in the definition's order, as the course writes CustomLayer(in_channels, out_channels, ...).
    for (const [pname, p] of Object.entries(block.params ?? {})) {
      const b = p.bind[0];
      const inner = byId.get(b.node)!;
      const kind = this.specsOf(inner).find((s) => s.name === b.param)?.kind ?? 'float';
      addArg({ name: pname, kind }, (path) => this.valuesAt(inner, `${path}/${inner.id}`)[b.param]);
    }
    const nodes: ModuleNode[] = [];
    for (const id of topo.order) {
      const inner = byId.get(id)!;
      const def = requireLayer(this.doc, inner.type);
      const attr = scope.claim(inner.label ?? inner.id);
      attrs.set(id, attr);
      const symbolic = new Map<string, string>();
      for (const s of this.specsOf(inner)) {
        const exposed = exposedFor(id, s.name);
        if (exposed) {
          symbolic.set(s.name, exposed);
          continue;
        }
        const vals = paths.map((p) => this.valuesAt(inner, `${p}/${id}`)[s.name]);
        // An inferred value ("auto": in_channels, num_features) that some argument already carries at every instance is that argument.
        const inferred = inner.params[s.name] === 'auto' || (inner.params[s.name] === undefined && s.default === 'auto');
        const same = inferred ? args.find((a) => paths.every((p, i) => py(argOf.get(a.name)!(p)) === py(vals[i]))) : undefined;
        if (same) {
          symbolic.set(s.name, same.name);
          continue;
        }
        if (vals.every((v) => py(v) === py(vals[0]))) continue;
        const extra = inferred && !argOf.has(s.name) ? s.name : `${id}_${s.name}`;
        addArg({ name: extra, kind: s.kind }, (path) => this.valuesAt(inner, `${path}/${id}`)[s.name]);
        symbolic.set(s.name, extra);
      }
      const values = this.valuesAt(inner, `${first}/${id}`);
      const sources: Record<string, string> = {};
      const inputs: Record<string, TensorType | undefined> = {};
      for (const port of inputPorts(def, inner.params)) {
        const e = topo.incoming.get(id)?.get(port.name)?.[0];
        const pin = block.inputs.find((p) => p.node === id && p.port === port.name);
        if (e) sources[port.name] = key(e.from.node, e.from.port);
        else if (pin) sources[port.name] = `pin:${pin.name}`;
        if (e) inputs[port.name] = this.flat.edges[`${first}/${e.id}`] ?? undefined;
      }
      const module = findLayer(inner.type) ? this.builtinModule(inner, values, symbolic, inputs, name) : this.nestedModule(inner, values, symbolic);
      const outShape = this.flat.nodes[`${first}/${id}`]?.outputs[def.outputs[0]?.name]?.shape;
      nodes.push({ node: inner, attr, def, sources, ctx: { params: values, inputs }, outShape, module });
    }
    const pinNames = new NameScope();
    const pins = [...new Set(block.inputs.map((p) => p.name))];
    const spec = {
      // Block names are Python identifiers already (the parser insists); the model class steps aside (model.ts).
      className: name,
      doc: block.doc ?? `Block ${name} of the project (${block.nodes.length} layers).`,
      args: pins.map((p, i) => ({ name: i === 0 ? 'x' : pinNames.claim(p === 'in' ? `x${i + 1}` : p), key: `pin:${p}` })),
      nodes,
      // Several output pins: forward returns a tuple in pin order, which the caller unpacks
      // (`a_out, a_skip = self.a(x)`), the order the block's layer definition lists them.
      outputs: block.outputs.filter((p, i) => block.outputs.findIndex((q) => q.name === p.name) === i).map((p) => key(p.node, p.port)),
      initArgs: args.map((a) => a.name),
    };
    const cls: BlockClass = { className: spec.className, args, attrs, argValues: (path) => Object.fromEntries(args.map((a) => [a.name, argOf.get(a.name)!(path)])) };
    this.classes.set(name, cls);
    this.helpers.set(`class:${name}`, emitModuleClass(spec, this.helpers));
    return cls;
  }

  /** The parameters an inner node is built from: a layer's params, or a nested block class's arguments. */
  private specsOf(n: DocNode): Arg[] {
    return findLayer(n.type) ? requireLayer(this.doc, n.type).params : this.classFor(n.type).args;
  }

  private valuesAt(n: DocNode, path: string): Record<string, ParamValue> {
    if (findLayer(n.type)) {
      const c = this.flat.nodes[path];
      if (!c) throw unsupported(path.split('/')[0], `${path} has no checked parameters`);
      return c.params;
    }
    return this.classFor(n.type).argValues(path);
  }

  private nestedModule(inner: DocNode, values: Record<string, ParamValue>, symbolic: Map<string, string>): string {
    const c = this.classFor(inner.type);
    return `${c.className}(${c.args.map((a) => `${a.name}=${symbolic.get(a.name) ?? py(values[a.name])}`).join(', ')})`;
  }

  private builtinModule(inner: DocNode, values: Record<string, ParamValue>, symbolic: Map<string, string>, inputs: Record<string, TensorType | undefined>, block: string): string {
    const def = requireLayer(this.doc, inner.type);
    const torch = def.torch;
    if (!torch) throw new CompileError('TORCH_NO_FORM', `${def.type} has no PyTorch form yet, so this project cannot be exported as a PyTorch script`, inner.id);
    const placeholders = new Map<string, string>();
    const params = { ...values };
    let k = 0;
    for (const [param, arg] of symbolic) {
      const spec = def.params.find((s) => s.name === param);
      if (!spec || !NUMERIC.includes(spec.kind)) {
        throw unsupported(undefined, `Block ${block}: ${inner.id}.${param} (${spec?.kind ?? 'value'}) cannot be a constructor argument in the PyTorch export yet; give every instance the same value`);
      }
      const n = SENTINEL + ++k;
      params[param] = spec.kind === 'intPair' ? [n, n] : n;
      placeholders.set(String(n), arg);
    }
    let text = torch.module({ params, inputs, call: `self.${inner.id}`, args: {} });
    for (const [n, arg] of placeholders) {
      if (!text.includes(n)) throw unsupported(undefined, `Block ${block}: the PyTorch form of ${def.type} does not take ${arg} as it is; give every instance the same value`);
      text = text.split(`(${n}, ${n})`).join(arg).split(n).join(arg);
    }
    return text;
  }
}

/** Every flat path at which each block is instantiated (`res1`, `res2/a`, ...). */
function instancePaths(doc: ProjectDocument): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (nodes: DocNode[], prefix: string) => {
    for (const n of nodes) {
      const block = findLayer(n.type) ? undefined : blockOf(doc.blocks, n.type);
      if (!block) continue;
      const path = prefix + n.id;
      out.set(n.type, [...(out.get(n.type) ?? []), path]);
      walk(block.nodes, `${path}/`);
    }
  };
  walk(doc.nodes, '');
  return out;
}
