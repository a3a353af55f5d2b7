/**
 * The block library: a block (with the blocks it uses) exported to a `*.wiregrad-block.json`
 * file and imported into another project, over the real web-mode stack (HTTP client →
 * server → backend → files); block files are validated with the project rules, with errors
 * that name the file and the block; a name clash imports the other definition as Name2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealStack, type RealStack } from '../api/realStack';
import { exportBlock, importBlocks, parseBlockFile, serializeBlockFile } from '../../../core/blocks/library';
import { checkDocument } from '../../../core/check/check';
import { DocumentError } from '../../../core/graph/parse';
import { chain, convNetWithBlocks, customLayer, node } from './docs';

function nested() {
  const doc = convNetWithBlocks();
  doc.blocks!.Double = {
    params: { out_channels: { default: 4, bind: [{ node: 'a', param: 'out_channels' }, { node: 'b', param: 'out_channels' }] } },
    inputs: [{ name: 'in', node: 'a', port: 'in' }],
    outputs: [{ name: 'out', node: 'b', port: 'out' }],
    nodes: [node('a', 'CustomLayer'), node('b', 'CustomLayer')],
    edges: chain('', 'a', 'b'),
  };
  return doc;
}

describe('block files', () => {
  it('carry the blocks a block uses, and import into another project', () => {
    const file = parseBlockFile(serializeBlockFile(exportBlock(nested(), 'Double')), 'Double.wiregrad-block.json');
    expect(Object.keys(file.blocks).sort()).toEqual(['CustomLayer', 'Double']);
    const other = convNetWithBlocks();
    delete other.blocks;
    other.nodes = other.nodes.map((n) => (n.type === 'CustomLayer' ? { ...n, type: 'Conv2d', params: { out_channels: 8, padding: 1 } } : n));
    const { blocks, name } = importBlocks(other, file);
    expect(name).toBe('Double');
    other.blocks = blocks;
    other.nodes[1] = node('d1', 'Double', { out_channels: 5 });
    other.edges = other.edges.map((e) => (e.to.node === 'c1' ? { ...e, to: { ...e.to, node: 'd1' } } : e.from.node === 'c1' ? { ...e, from: { ...e.from, node: 'd1' } } : e));
    const r = checkDocument(other);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.nodes.d1.outputs.out!.shape).toEqual([5, 28, 28]);
  });

  it('a clash with another definition of the same name imports it as Name2, with references renamed', () => {
    const file = exportBlock(nested(), 'Double');
    const project = convNetWithBlocks();
    project.blocks!.CustomLayer = { ...customLayer(), doc: 'a different one' };
    const r = importBlocks(project, file);
    expect(r.added.sort()).toEqual(['CustomLayer2', 'Double']);
    expect(r.blocks.Double.nodes.map((n) => n.type)).toEqual(['CustomLayer2', 'CustomLayer2']);
    // The same definition is shared, not copied.
    expect(importBlocks(convNetWithBlocks(), exportBlock(convNetWithBlocks(), 'CustomLayer')).added).toEqual([]);
  });

  it('are validated like projects: errors name the file, the block and the node', () => {
    const bad = exportBlock(convNetWithBlocks(), 'CustomLayer');
    bad.blocks.CustomLayer.outputs = [{ name: 'out', node: 'rel', port: 'out' }];
    const e = (() => {
      try {
        parseBlockFile(serializeBlockFile(bad), 'mine.wiregrad-block.json');
      } catch (x) {
        return x as DocumentError;
      }
    })()!;
    expect(e.code).toBe('DOC_BLOCK_PIN');
    expect(e.message).toMatch(/^mine\.wiregrad-block\.json:\d+: block "CustomLayer": output pin "out" refers to node "rel"/);
    expect(() => parseBlockFile('{"format": "wiregrad-project"}', 'x.json')).toThrow(/not a Wiregrad block file/);
  });
});

describe('block library over the web-mode API', () => {
  let stack: RealStack;
  let dir: string;
  let api: RealStack['api'];

  beforeAll(async () => {
    stack = await startRealStack('wiregrad-blocks-', { workDir: true });
    ({ dir, api } = stack);
  });

  afterAll(() => stack?.close());

  it('exports a block to a file and to the library, lists the library, imports the file', async () => {
    const file = exportBlock(nested(), 'Double');
    const saved = await api.exportBlock(file, join(dir, 'Double.wiregrad-block.json'));
    expect(JSON.parse(readFileSync(saved.path, 'utf8')).format).toBe('wiregrad-block');
    const back = await api.importBlock(saved.path);
    expect(back.name).toBe('Double');
    expect(Object.keys(back.blocks).sort()).toEqual(['CustomLayer', 'Double']);
    const lib = await api.exportBlock(exportBlock(convNetWithBlocks(), 'CustomLayer'));
    expect(lib.path).toBe(join(dir, 'home', 'blocks', 'CustomLayer.wiregrad-block.json'));
    writeFileSync(join(dir, 'home', 'blocks', 'Broken.wiregrad-block.json'), '{"format": "wiregrad-block", "name": "Broken", "blocks": {"Broken": {"inputs": 5}}}');
    const listed = await api.listBlockLibrary();
    expect(listed.entries.map((x) => x.file.name)).toEqual(['CustomLayer']);
    expect(listed.problems[0]).toMatch(/Broken\.wiregrad-block\.json.*block "Broken"/);
  });

  it('refuses an invalid block file on export, with the project rules', async () => {
    const bad = exportBlock(convNetWithBlocks(), 'CustomLayer');
    bad.blocks.CustomLayer.nodes[1].type = 'Relu';
    await expect(api.exportBlock(bad, join(dir, 'bad.wiregrad-block.json'))).rejects.toThrow(/block "CustomLayer": node "relu" has unknown layer type "Relu"/);
  });
});
