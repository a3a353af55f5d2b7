import { importFail } from './errors';

/**
 * Limits checked on the raw bytes BEFORE the protobuf decoder sees them: the decoder is
 * recursive (a file nesting subgraphs or sequence types 100,000 deep overflows the stack)
 * and allocates as it goes, so a hostile file must be refused by a scan that is neither.
 */
export interface ImportLimits {
  /** Largest file accepted, bytes (protobuf itself stops at 2 GiB). */
  maxFileBytes: number;
  /** Deepest nesting of messages (graph → node → attribute → subgraph → ...). */
  maxNesting: number;
  /** Nodes in the whole file, subgraphs included. */
  maxNodes: number;
  /** Largest single dimension of a tensor or a declared shape. */
  maxDim: number;
  /** Most elements of one tensor, and of all initializers together. */
  maxElements: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxFileBytes: 1024 * 2 ** 20,
  maxNesting: 48,
  maxNodes: 100_000,
  maxDim: 2 ** 31 - 1,
  maxElements: 2 ** 28,
};

/**
 * Which fields of which ONNX message hold sub-messages that can nest (field number → the
 * sub-message's schema); every other length-delimited field is skipped as opaque bytes.
 * Field numbers are onnx.proto's.
 */
interface Schema {
  name: string;
  children: Record<number, () => Schema>;
  /** This message is a NodeProto: counted against maxNodes. */
  node?: boolean;
}
const TYPE: Schema = {
  name: 'TypeProto',
  children: { 4: () => SEQUENCE, 5: () => MAP, 9: () => OPTIONAL },
};
const SEQUENCE: Schema = { name: 'TypeProto.Sequence', children: { 1: () => TYPE } };
const MAP: Schema = { name: 'TypeProto.Map', children: { 2: () => TYPE } };
const OPTIONAL: Schema = { name: 'TypeProto.Optional', children: { 1: () => TYPE } };
const VALUE_INFO: Schema = { name: 'ValueInfoProto', children: { 2: () => TYPE } };
const ATTRIBUTE: Schema = { name: 'AttributeProto', children: { 6: () => GRAPH, 11: () => GRAPH, 14: () => TYPE, 15: () => TYPE } };
const NODE: Schema = { name: 'NodeProto', children: { 5: () => ATTRIBUTE }, node: true };
const GRAPH: Schema = { name: 'GraphProto', children: { 1: () => NODE, 11: () => VALUE_INFO, 12: () => VALUE_INFO, 13: () => VALUE_INFO } };
const FUNCTION: Schema = { name: 'FunctionProto', children: { 7: () => NODE } };
const MODEL: Schema = { name: 'ModelProto', children: { 7: () => GRAPH, 25: () => FUNCTION } };

/**
 * Walks the protobuf wire format without decoding: checks that every field is well formed
 * and within its message (a truncated file fails here, with a plain message), that messages
 * nest at most `maxNesting` deep and that there are at most `maxNodes` nodes. Iterative,
 * so a hostile depth cannot overflow the stack.
 */
export function scanModelBytes(bytes: Uint8Array, limits: ImportLimits = DEFAULT_LIMITS): { nodes: number; depth: number } {
  if (bytes.length > limits.maxFileBytes) {
    importFail('IMPORT_TOO_LARGE', `the file is ${bytes.length} bytes, more than the ${limits.maxFileBytes} bytes an import accepts`);
  }
  if (bytes.length === 0) importFail('IMPORT_EMPTY', 'the file is empty; it is not an ONNX model');
  let nodes = 0;
  let maxDepth = 0;
  const stack: { schema: Schema; end: number }[] = [{ schema: MODEL, end: bytes.length }];
  let pos = 0;
  const corrupt = (why: string): never =>
    importFail('IMPORT_CORRUPT', `the file is not a valid ONNX model: ${why} at byte ${pos} (truncated or not ONNX)`);
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= bytes.length) corrupt('a number runs past the end of the file');
      const b = bytes[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    return corrupt('a number is longer than 10 bytes');
  };
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (pos === top.end) {
      stack.pop();
      continue;
    }
    if (pos > top.end) corrupt(`a field runs past the end of its ${top.schema.name}`);
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) corrupt('field number 0');
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint();
      const end = pos + len;
      if (end > top.end) corrupt(`a field of ${len} bytes runs past the end of its ${top.schema.name}`);
      const child = top.schema.children[field]?.();
      if (child) {
        if (stack.length >= limits.maxNesting) {
          importFail('IMPORT_TOO_DEEP', `the model nests messages (subgraphs, sequence types) more than ${limits.maxNesting} levels deep`);
        }
        if (child.node && ++nodes > limits.maxNodes) importFail('IMPORT_TOO_MANY_NODES', `the model has more than ${limits.maxNodes} nodes`);
        stack.push({ schema: child, end });
        maxDepth = Math.max(maxDepth, stack.length);
      } else pos = end;
    } else corrupt(`unknown wire type ${wire}`);
    if (pos > top.end) corrupt(`a field runs past the end of its ${top.schema.name}`);
  }
  return { nodes, depth: maxDepth };
}
