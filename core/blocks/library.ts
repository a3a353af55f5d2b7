/**
 * Block library files (`*.wiregrad-block.json`): one block and the blocks it uses, so it can
 * travel to another project. Read with the project parser's rules (a file is checked as a
 * project holding only these blocks), so whatever a project accepts, a block file accepts.
 */
import { DOCUMENT_VERSION, type BlockDef, type ProjectDocument } from '../graph/document';
import { DocumentError, validateDocument } from '../graph/parse';
import { defaultTraining } from '../graph/document';
import { findLayer } from '../layers/index';
import { blockOf, type Blocks } from './resolve';

export const BLOCK_FILE_FORMAT = 'wiregrad-block';
export const BLOCK_FILE_SUFFIX = '.wiregrad-block.json';

export interface BlockFile {
  format: typeof BLOCK_FILE_FORMAT;
  version: number;
  /** The block the file is about; `blocks` also holds the ones it contains. */
  name: string;
  blocks: Blocks;
}

/** The block and, transitively, every block its layers use. */
export function exportBlock(doc: Pick<ProjectDocument, 'blocks'>, name: string): BlockFile {
  const blocks: Blocks = {};
  const visit = (n: string) => {
    const b = blockOf(doc.blocks, n);
    if (!b || Object.hasOwn(blocks, n)) return;
    blocks[n] = b;
    for (const inner of b.nodes) if (!findLayer(inner.type)) visit(inner.type);
  };
  visit(name);
  if (!Object.hasOwn(blocks, name)) throw new DocumentError('BLOCK_UNKNOWN', `There is no block called ${name} in this project`);
  return { format: BLOCK_FILE_FORMAT, version: DOCUMENT_VERSION, name, blocks };
}

export function serializeBlockFile(file: BlockFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}

/** A block file's text (or object, from the API), validated; errors name the file, the block and the node. */
export function parseBlockFile(input: string | unknown, fileName = 'block'): BlockFile {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new DocumentError('DOC_BAD_JSON', `${fileName}: not valid JSON (${(e as Error).message})`);
    }
  }
  const obj = raw as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || obj.format !== BLOCK_FILE_FORMAT) {
    throw new DocumentError('BLOCK_FILE_FORMAT', `${fileName}: not a Wiregrad block file (it needs "format": "${BLOCK_FILE_FORMAT}")`);
  }
  if (typeof obj.name !== 'string' || typeof obj.blocks !== 'object' || obj.blocks === null || !Object.hasOwn(obj.blocks, obj.name)) {
    throw new DocumentError('BLOCK_FILE_FORMAT', `${fileName}: "name" must name one of the file's "blocks"`);
  }
  const doc = validateDocument({ version: obj.version ?? DOCUMENT_VERSION, name: obj.name, nodes: [], edges: [], training: defaultTraining(), blocks: obj.blocks }, { fileName, text: typeof input === 'string' ? input : undefined });
  return { format: BLOCK_FILE_FORMAT, version: DOCUMENT_VERSION, name: obj.name, blocks: doc.blocks! };
}

/**
 * The project's blocks with a file's blocks added. A block the project already has under the
 * same name and definition is shared; a different one with the same name is taken in as
 * `Name2` (references inside the imported blocks follow). Returns the name the file's main
 * block has in the project.
 */
export function importBlocks(doc: Pick<ProjectDocument, 'blocks'>, file: BlockFile): { blocks: Blocks; name: string; added: string[] } {
  const blocks: Blocks = { ...(doc.blocks ?? {}) };
  const renamed = new Map<string, string>();
  const same = (a: BlockDef, b: BlockDef) => JSON.stringify(a) === JSON.stringify(b);
  for (const [n, def] of Object.entries(file.blocks)) {
    const existing = blockOf(blocks, n);
    if (!existing || same(existing, def)) continue;
    let k = 2;
    while (blockOf(blocks, `${n}${k}`) || blockOf(file.blocks, `${n}${k}`)) k++;
    renamed.set(n, `${n}${k}`);
  }
  const added: string[] = [];
  for (const [n, def] of Object.entries(file.blocks)) {
    const name = renamed.get(n) ?? n;
    if (blockOf(blocks, name)) continue;
    blocks[name] = { ...def, nodes: def.nodes.map((x) => (renamed.has(x.type) ? { ...x, type: renamed.get(x.type)! } : x)) };
    added.push(name);
  }
  return { blocks, name: renamed.get(file.name) ?? file.name, added };
}
