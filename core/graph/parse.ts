import { findLayer, layerCatalog } from '../layers/index';
import { validateParam } from '../layers/params';
import { DOCUMENT_VERSION, defaultTraining, type DocEdge, type DocNode, type ProjectDocument, type TrainingConfig } from './document';
import { closest } from '../util/suggest';
import { migrate } from './migrations';
import { validateTraining } from './trainingConfig';

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
 * Parses and validates a `*.wiregrad.json` text. Every error names the file and, where it
 * can be found, the line; the document returned is complete (defaults filled in) and
 * structurally sound, but may still have shape problems (that is the checker's job).
 */
export function parseDocument(text: string, fileName = 'project'): ProjectDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? lineOfOffset(text, Number(pos[1])) : undefined;
    throw new DocumentError('DOC_BAD_JSON', `${fileName}${line ? `:${line}` : ''}: not valid JSON (${msg})`, line);
  }
  const where = (needle: string | undefined) => (needle ? findLine(text, needle) : undefined);
  const fail = (code: string, message: string, needle?: string, nodeId?: string): never => {
    const line = where(needle);
    throw new DocumentError(code, `${fileName}${line ? `:${line}` : ''}: ${message}`, line, nodeId);
  };
  if (!isObject(raw)) return fail('DOC_NOT_OBJECT', 'a project file must be a JSON object');
  const version = raw.version ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return fail('DOC_BAD_VERSION', `"version" must be a non-negative integer, got ${JSON.stringify(version)}`, '"version"');
  }
  if (version > DOCUMENT_VERSION) {
    return fail('DOC_TOO_NEW', `written by a newer Wiregrad (format version ${version}; this one reads up to ${DOCUMENT_VERSION})`, '"version"');
  }
  const doc = migrate(raw, version);
  if (!Array.isArray(doc.nodes)) return fail('DOC_NO_NODES', '"nodes" must be a list', '"nodes"');
  if (!Array.isArray(doc.edges)) return fail('DOC_NO_EDGES', '"edges" must be a list', '"edges"');

  const nodes: DocNode[] = [];
  const ports = new Map<string, { inputs: string[]; outputs: string[] }>();
  for (const [i, n] of (doc.nodes as unknown[]).entries()) {
    if (!isObject(n) || typeof n.id !== 'string' || n.id === '') return fail('DOC_NODE_ID', `node #${i + 1} needs a string "id"`);
    const id = n.id;
    const at = `"${id}"`;
    if (ports.has(id)) return fail('DOC_DUPLICATE_ID', `two nodes have the id "${id}"`, at, id);
    const def = typeof n.type === 'string' ? findLayer(n.type) : undefined;
    if (!def) {
      const known = layerCatalog.map((l) => l.type);
      const hint = typeof n.type === 'string' ? closest(n.type, known) : null;
      return fail('DOC_UNKNOWN_LAYER', `node "${id}" has unknown layer type ${JSON.stringify(n.type)}${hint ? ` (did you mean "${hint}"?)` : ''}; known types: ${known.join(', ')}`, at, id);
    }
    const params = n.params ?? {};
    if (!isObject(params)) return fail('DOC_PARAM_TYPE', `node "${id}" (${def.type}): "params" must be an object`, at, id);
    for (const [name, value] of Object.entries(params)) {
      const spec = def.params.find((s) => s.name === name);
      if (!spec) {
        return fail('DOC_UNKNOWN_PARAM', `node "${id}" (${def.type}) has no parameter "${name}"; it takes ${def.params.map((s) => s.name).join(', ') || 'no parameters'}`, at, id);
      }
      const problem = validateParam(spec, value as never);
      if (problem) return fail('DOC_PARAM_TYPE', `node "${id}" (${def.type}): ${problem}, got ${JSON.stringify(value)}`, at, id);
    }
    const position = isObject(n.position) && typeof n.position.x === 'number' && typeof n.position.y === 'number' ? { x: n.position.x, y: n.position.y } : { x: 0, y: i * 80 };
    nodes.push({ ...n, id, type: def.type, params: params as DocNode['params'], position } as DocNode);
    ports.set(id, { inputs: def.inputs.map((p) => p.name), outputs: def.outputs.map((p) => p.name) });
  }

  const edges: DocEdge[] = [];
  const edgeIds = new Set<string>();
  for (const [i, e] of (doc.edges as unknown[]).entries()) {
    if (!isObject(e) || !isPortRef(e.from) || !isPortRef(e.to)) {
      return fail('DOC_BAD_EDGE', `edge #${i + 1} needs "from" and "to" as {"node": ..., "port": ...}`);
    }
    const id = typeof e.id === 'string' && e.id ? e.id : `e${i}`;
    if (edgeIds.has(id)) return fail('DOC_DUPLICATE_ID', `two edges have the id "${id}"`, `"${id}"`);
    edgeIds.add(id);
    const src = ports.get(e.from.node);
    const dst = ports.get(e.to.node);
    if (!src) return fail('DOC_DANGLING_EDGE', `edge "${id}" starts at node "${e.from.node}", which does not exist`, `"${id}"`);
    if (!dst) return fail('DOC_DANGLING_EDGE', `edge "${id}" ends at node "${e.to.node}", which does not exist`, `"${id}"`);
    if (!src.outputs.includes(e.from.port)) {
      return fail('DOC_BAD_PORT', `edge "${id}": node "${e.from.node}" has no output "${e.from.port}" (outputs: ${src.outputs.join(', ') || 'none'})`, `"${id}"`);
    }
    if (!dst.inputs.includes(e.to.port)) {
      return fail('DOC_BAD_PORT', `edge "${id}": node "${e.to.node}" has no input "${e.to.port}" (inputs: ${dst.inputs.join(', ') || 'none'})`, `"${id}"`);
    }
    edges.push({ ...e, id, from: { node: e.from.node, port: e.from.port }, to: { node: e.to.node, port: e.to.port } } as DocEdge);
  }

  let training: TrainingConfig;
  try {
    training = validateTraining(doc.training ?? {}, defaultTraining());
  } catch (err) {
    return fail('DOC_TRAINING', (err as Error).message, '"training"');
  }
  return { ...doc, version: DOCUMENT_VERSION, name: typeof doc.name === 'string' ? doc.name : fileName.replace(/\.wiregrad\.json$/, ''), nodes, edges, training };
}

/** Stable, diff-friendly text with a trailing newline. */
export function serializeDocument(doc: ProjectDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isPortRef(x: unknown): x is { node: string; port: string } {
  return isObject(x) && typeof x.node === 'string' && typeof x.port === 'string';
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function findLine(text: string, needle: string): number | undefined {
  const at = text.indexOf(needle);
  return at < 0 ? undefined : lineOfOffset(text, at);
}
