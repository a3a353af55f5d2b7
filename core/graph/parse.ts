import { z } from 'zod';
import { layerCatalog } from '../layers/index';
import { resolveLayer } from '../blocks/resolve';
import { blockSchema, validateBlocks } from '../blocks/validate';
import { validateParam } from '../layers/params';
import { inputPorts, portIndex } from '../layers/ports';
import { DOCUMENT_VERSION, type BlockDef, type DocEdge, type DocNode, type ProjectDocument, type TrainingConfig } from './document';
import { closest } from '../util/suggest';
import { migrate } from './migrations';
import { jsonTextTooDeep, MAX_NESTING, nestingMessage, valueTooDeep } from './nesting';
import { describeIssues } from './schemaIssues';
import { trainingSchema } from './trainingConfig';

/** A problem with a project file, with its place: file, line, node. */
export class DocumentError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line?: number,
    readonly nodeId?: string,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

/**
 * The document's skeleton after migration, as a schema: what must be a list, an object, a
 * string. Loose objects, so unknown fields survive. What depends on the layer registry
 * (types, parameters, ports) is checked afterwards, in validateDocument.
 */
const is = (error: string) => ({ error });
const portRef = z.object({ node: z.string(is('must be a node id')), port: z.string(is('must be a port name')) }, is('must be {"node": ..., "port": ...}'));
const nodeSchema = z.looseObject(
  {
    id: z.string().min(1),
    type: z.unknown().optional(),
    params: z.record(z.string(), z.unknown(), is('must be an object')).optional(),
    position: z.object({ x: z.number(), y: z.number() }).optional().catch(undefined),
    label: z.string(is('must be a string')).optional(),
    trainable: z.boolean(is('must be true or false')).optional(),
  },
  is('must be an object'),
);
const edgeSchema = z.looseObject({ id: z.unknown().optional(), from: portRef, to: portRef }, is('must be an object with "from" and "to"'));
const documentSchema = z.looseObject({
  name: z.string().optional().catch(undefined),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
  training: trainingSchema(),
  blocks: z.record(z.string(), blockSchema(nodeSchema, edgeSchema), is('must be an object of block definitions by name')).optional(),
});

/** Error code per top-level place a schema issue can be in (the codes predate the schema and are stable). */
function codeFor(path: readonly PropertyKey[]): string {
  const [top, , field] = path;
  if (top === 'nodes') return path.length === 1 ? 'DOC_NO_NODES' : field === 'params' ? 'DOC_PARAM_TYPE' : field === 'label' ? 'DOC_NODE_LABEL' : field === 'trainable' ? 'DOC_NODE_TRAINABLE' : 'DOC_NODE_ID';
  if (top === 'edges') return path.length === 1 ? 'DOC_NO_EDGES' : 'DOC_BAD_EDGE';
  if (top === 'training') return 'DOC_TRAINING';
  if (top === 'blocks') return 'DOC_BLOCK';
  return 'DOC_INVALID';
}

/** Where an error is, for its message and line: the project text (files) or nothing (API objects). */
export interface Source {
  fileName: string;
  text?: string;
}

/**
 * Parses and validates a `*.wiregrad.json` text. Every error names the file and, where it
 * can be found, the line; the document returned is complete (defaults filled in) and
 * structurally sound, but may still have shape problems (that is the checker's job).
 */
export function parseDocument(text: string, fileName = 'project'): ProjectDocument {
  const deep = jsonTextTooDeep(text);
  if (deep) {
    const line = lineOfOffset(text, deep.offset!);
    throw new DocumentError('DOC_TOO_DEEP', `${fileName}:${line}: ${nestingMessage()}`, line);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? lineOfOffset(text, Number(pos[1])) : undefined;
    throw new DocumentError('DOC_BAD_JSON', `${fileName}${line ? `:${line}` : ''}: not valid JSON (${msg})`, line);
  }
  return validateDocument(raw, { fileName, text });
}

/**
 * The file parser's rules for a document that is already an object (API calls, autosave):
 * the same checks, defaults and error codes as parseDocument, so whatever the API accepts
 * and saves, openProject reads back.
 */
export function validateDocument(raw: unknown, src: Source = { fileName: 'document' }): ProjectDocument {
  const { fileName, text } = src;
  const where = (needle: string | undefined, from = 0) => (needle && text ? findLine(text, needle, from) : undefined);
  const fail = (code: string, message: string, needle?: string, nodeId?: string, from?: number): never => {
    const line = where(needle, from);
    throw new DocumentError(code, `${fileName}${line ? `:${line}` : ''}: ${message}`, line, nodeId);
  };
  if (!isObject(raw)) return fail('DOC_NOT_OBJECT', 'a project file must be a JSON object');
  // Text was scanned before JSON.parse (and JSON has no shared objects); objects from the API are walked here.
  const deep = text === undefined ? valueTooDeep(raw) : null;
  if (deep) {
    return fail('DOC_TOO_DEEP', deep.shared ? `${deep.path} refers back to itself or to another part of the document; a document must be plain JSON` : `${deep.path} is ${nestingMessage(MAX_NESTING)}`);
  }
  const version = raw.version ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return fail('DOC_BAD_VERSION', `"version" must be a non-negative integer, got ${JSON.stringify(version)}`, '"version"');
  }
  if (version > DOCUMENT_VERSION) {
    return fail('DOC_TOO_NEW', `written by a newer Wiregrad (format version ${version}; this one reads up to ${DOCUMENT_VERSION})`, '"version"');
  }
  const migrated = migrate(raw, version);
  if (!Array.isArray(migrated.nodes)) return fail('DOC_NO_NODES', '"nodes" must be a list', '"nodes"');
  if (!Array.isArray(migrated.edges)) return fail('DOC_NO_EDGES', '"edges" must be a list', '"edges"');
  const parsed = documentSchema.safeParse({ ...migrated, training: migrated.training ?? {} }, { reportInput: true });
  if (!parsed.success) {
    const { message, path } = describeIssues(parsed.error.issues);
    const code = codeFor(path);
    const [top, index] = path;
    const item = typeof index === 'number' ? (migrated[top as string] as unknown[])[index] : undefined;
    const id = isObject(item) && typeof item.id === 'string' && item.id ? item.id : undefined;
    if (top === 'nodes' && code === 'DOC_NODE_ID') return fail(code, `node #${(index as number) + 1} needs a string "id"`);
    const local = message.replace(/^(nodes|edges)\[\d+\]\.?/, '').trim();
    if (top === 'nodes') return fail(code, `node "${id}": ${local}`, id && `"${id}"`, id);
    if (top === 'edges') return fail(code, `edge ${id ? `"${id}"` : `#${(index as number) + 1}`} needs "from" and "to" as {"node": ..., "port": ...}: ${local}`, id && `"${id}"`);
    if (top === 'blocks') {
      const name = String(index ?? '');
      const local = message.replace(/^blocks(\.[^.\[]+)?\.?/, '').trim();
      return fail(code, name ? `block "${name}": ${local}` : message, name ? `"${name}"` : '"blocks"');
    }
    if (top === 'training') {
      const last = [...path].reverse().find((p) => typeof p === 'string' && p !== 'training') as string | undefined;
      const at = text?.indexOf('"training"') ?? -1;
      const line = last && at >= 0 ? where(`"${last}"`, at) : undefined;
      return fail(code, message, line ? `"${last}"` : '"training"', undefined, line ? at : 0);
    }
    return fail(code, message);
  }
  // Validated values, laid over the input objects so keys keep the file's order (diff-friendly saves).
  const doc = parsed.data;
  const rawNodes = migrated.nodes as Record<string, unknown>[];
  const rawEdges = migrated.edges as Record<string, unknown>[];

  const blocks = validateBlocks(migrated.blocks, doc.blocks as never, fail, validateGraph as never);
  const { nodes, edges } = validateGraph(doc.nodes, doc.edges, rawNodes, rawEdges, { blocks }, fail, '');

  return {
    ...migrated,
    version: DOCUMENT_VERSION,
    name: doc.name ?? fileName.replace(/\.wiregrad\.json$/, ''),
    nodes,
    edges,
    ...(blocks ? { blocks } : {}),
    training: { ...(isObject(migrated.training) ? migrated.training : {}), ...doc.training } as TrainingConfig,
  };
}

type Fail = (code: string, message: string, needle?: string, nodeId?: string, from?: number) => never;
type RawNode = z.infer<typeof nodeSchema>;
type RawEdge = z.infer<typeof edgeSchema>;

/**
 * The nodes and edges of one graph (the document's, or a block definition's: `where` then
 * starts with `block "Name": `): known layer types (built-ins and the document's blocks),
 * known parameters of the right kind, unique ids, edges between existing ports.
 */
export function validateGraph(
  inNodes: RawNode[], inEdges: RawEdge[], rawNodes: Record<string, unknown>[], rawEdges: Record<string, unknown>[],
  resolver: { blocks?: Record<string, BlockDef> }, fail: Fail, where: string,
): { nodes: DocNode[]; edges: DocEdge[] } {
  const nodes: DocNode[] = [];
  const ports = new Map<string, { inputs: string[]; outputs: string[]; numbered: boolean }>();
  for (const [i, n] of inNodes.entries()) {
    const id = n.id;
    const at = `"${id}"`;
    if (ports.has(id)) return fail('DOC_DUPLICATE_ID', `${where}two nodes have the id "${id}"`, at, id);
    const def = typeof n.type === 'string' ? resolveLayer(resolver, n.type) : undefined;
    if (!def) {
      const known = [...layerCatalog.map((l) => l.type), ...Object.keys(resolver.blocks ?? {})];
      const hint = typeof n.type === 'string' ? closest(n.type, known) : null;
      return fail('DOC_UNKNOWN_LAYER', `${where}node "${id}" has unknown layer type ${JSON.stringify(n.type)}${hint ? ` (did you mean "${hint}"?)` : ''}; known types: ${known.join(', ')}`, at, id);
    }
    const params = n.params ?? {};
    for (const [name, value] of Object.entries(params)) {
      const spec = def.params.find((s) => s.name === name);
      if (!spec) {
        return fail('DOC_UNKNOWN_PARAM', `${where}node "${id}" (${def.type}) has no parameter "${name}"; it takes ${def.params.map((s) => s.name).join(', ') || 'no parameters'}`, at, id);
      }
      const problem = validateParam(spec, value as never);
      if (problem) return fail('DOC_PARAM_TYPE', `${where}node "${id}" (${def.type}): ${problem}, got ${JSON.stringify(value)}`, at, id);
    }
    const position = n.position ?? { x: 0, y: i * 80 };
    nodes.push({ ...rawNodes[i], id, type: def.type, params: params as DocNode['params'], position } as DocNode);
    ports.set(id, { inputs: inputPorts(def, params as DocNode['params']).map((p) => p.name), outputs: def.outputs.map((p) => p.name), numbered: !!def.inputsFor });
  }

  const edges: DocEdge[] = [];
  const edgeIds = new Set<string>();
  for (const [i, e] of inEdges.entries()) {
    const id = typeof e.id === 'string' && e.id ? e.id : `e${i}`;
    if (edgeIds.has(id)) return fail('DOC_DUPLICATE_ID', `${where}two edges have the id "${id}"`, `"${id}"`);
    edgeIds.add(id);
    const src = ports.get(e.from.node);
    const dst = ports.get(e.to.node);
    if (!src) return fail('DOC_DANGLING_EDGE', `${where}edge "${id}" starts at node "${e.from.node}", which does not exist`, `"${id}"`);
    if (!dst) return fail('DOC_DANGLING_EDGE', `${where}edge "${id}" ends at node "${e.to.node}", which does not exist`, `"${id}"`);
    if (!src.outputs.includes(e.from.port)) {
      return fail('DOC_BAD_PORT', `${where}edge "${id}": node "${e.from.node}" has no output "${e.from.port}" (outputs: ${src.outputs.join(', ') || 'none'})`, `"${id}"`);
    }
    // A numbered port past num_inputs (the count was lowered) is the checker's to report, with a fix: the file still opens.
    if (!dst.inputs.includes(e.to.port) && !(dst.numbered && portIndex(e.to.port) >= 0)) {
      return fail('DOC_BAD_PORT', `${where}edge "${id}": node "${e.to.node}" has no input "${e.to.port}" (inputs: ${dst.inputs.join(', ') || 'none'})`, `"${id}"`);
    }
    edges.push({ ...rawEdges[i], id, from: e.from, to: e.to } as DocEdge);
  }
  return { nodes, edges };
}

/** Stable, diff-friendly text with a trailing newline. */
export function serializeDocument(doc: ProjectDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function findLine(text: string, needle: string, from = 0): number | undefined {
  const at = text.indexOf(needle, from);
  return at < 0 ? undefined : lineOfOffset(text, at);
}
