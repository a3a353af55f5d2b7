/**
 * Project file parsing: every malformed fixture fails with a DocumentError naming the file
 * (and, where it can be found, the line and node); old files migrate; newer files are refused;
 * unknown fields survive parse + serialize.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { DOCUMENT_VERSION, defaultTraining } from '../../../core/graph/document';
import { DocumentError, parseDocument, serializeDocument } from '../../../core/graph/parse';

const fixtures = path.resolve(__dirname, '../../fixtures/projects');
const templates = path.resolve(__dirname, '../../../assets/templates');
const read = (file: string) => fs.readFileSync(path.join(fixtures, file), 'utf8');

function parseError(file: string): DocumentError {
  try {
    parseDocument(read(file), file);
  } catch (e) {
    expect(e).toBeInstanceOf(DocumentError);
    return e as DocumentError;
  }
  throw new Error(`${file} parsed without error`);
}

/** Expected error per malformed fixture: code, node (if any) and words the message must contain. */
const MALFORMED: Record<string, { code: string; nodeId?: string; line?: boolean; mentions: RegExp[] }> = {
  'bad-json.wiregrad.json': { code: 'DOC_BAD_JSON', line: true, mentions: [/not valid JSON/] },
  'not-an-object.wiregrad.json': { code: 'DOC_NOT_OBJECT', mentions: [/JSON object/] },
  'unknown-layer.wiregrad.json': { code: 'DOC_UNKNOWN_LAYER', nodeId: 'fc', line: true, mentions: [/"Dense"/, /Linear/] },
  'wrong-param-type.wiregrad.json': { code: 'DOC_PARAM_TYPE', nodeId: 'fc', line: true, mentions: [/out_features/, /integer/] },
  'wrong-param-type-bool.wiregrad.json': { code: 'DOC_PARAM_TYPE', nodeId: 'fc', line: true, mentions: [/bias/, /true or false/] },
  'unknown-param.wiregrad.json': { code: 'DOC_UNKNOWN_PARAM', nodeId: 'fc', line: true, mentions: [/units/, /in_features/] },
  'dangling-edge.wiregrad.json': { code: 'DOC_DANGLING_EDGE', line: true, mentions: [/e2/, /fc9/] },
  'bad-port.wiregrad.json': { code: 'DOC_BAD_PORT', line: true, mentions: [/"out"/, /x, y/] },
  'duplicate-id.wiregrad.json': { code: 'DOC_DUPLICATE_ID', nodeId: 'input', line: true, mentions: [/"input"/] },
  'newer-version.wiregrad.json': { code: 'DOC_TOO_NEW', line: true, mentions: [/newer Wiregrad/, /99/] },
  'bad-training.wiregrad.json': { code: 'DOC_TRAINING', line: true, mentions: [/batch_size/] },
  'bad-dataset.wiregrad.json': { code: 'DOC_TRAINING', line: true, mentions: [/dataset\.kind/, /cifar100/] },
  // Issue 7: found by attacking the parser and the API.
  'bad-device.wiregrad.json': { code: 'DOC_TRAINING', line: true, mentions: [/training\.device/, /tpu:0/, /cuda:0/] },
  'bad-device-type.wiregrad.json': { code: 'DOC_TRAINING', line: true, mentions: [/training\.device must be a string/, /got 5/] },
  'bad-lr.wiregrad.json': { code: 'DOC_TRAINING', line: true, mentions: [/training\.optimizer\.lr must be a number/, /"x"/] },
  'v0-non-object-edge.wiregrad.json': { code: 'DOC_BAD_EDGE', mentions: [/edge #1/, /got 5/] },
  'too-deep.wiregrad.json': { code: 'DOC_TOO_DEEP', line: true, mentions: [/nested deeper than 64 levels/] },
};

describe('malformed project files', () => {
  it('every fixture in test/fixtures/projects/malformed has an expectation', () => {
    expect(fs.readdirSync(path.join(fixtures, 'malformed')).sort()).toEqual(Object.keys(MALFORMED).sort());
  });

  it.each(Object.entries(MALFORMED))('%s', (file, want) => {
    const e = parseError(`malformed/${file}`);
    expect(e.code).toBe(want.code);
    expect(e.message.startsWith(`malformed/${file}`), e.message).toBe(true);
    if (want.nodeId) expect(e.nodeId).toBe(want.nodeId);
    if (want.line) {
      expect(e.line, `${file}: line`).toBeGreaterThan(0);
      expect(e.message).toContain(`malformed/${file}:${e.line}:`);
    }
    for (const m of want.mentions) expect(e.message).toMatch(m);
  });

  it('bad JSON points at the line of the mistake', () => {
    // The comma after "name" (line 3) is missing; the parser notices on line 4.
    const e = parseError('malformed/bad-json.wiregrad.json');
    expect([3, 4]).toContain(e.line);
  });

  it('the unknown layer error points at the node line', () => {
    const text = read('malformed/unknown-layer.wiregrad.json');
    const e = parseError('malformed/unknown-layer.wiregrad.json');
    expect(text.split('\n')[e.line! - 1]).toContain('"fc"');
  });

  it.each([
    ['nodes not a list', { version: 1, nodes: {}, edges: [] }, 'DOC_NO_NODES'],
    ['edges not a list', { version: 1, nodes: [], edges: 'x' }, 'DOC_NO_EDGES'],
    ['node without id', { version: 1, nodes: [{ type: 'ReLU' }], edges: [] }, 'DOC_NODE_ID'],
    ['edge without ports', { version: 1, nodes: [], edges: [{ id: 'e', from: 'a', to: 'b' }] }, 'DOC_BAD_EDGE'],
    ['negative version', { version: -1, nodes: [], edges: [] }, 'DOC_BAD_VERSION'],
    ['unknown optimizer', { version: 1, nodes: [], edges: [], training: { optimizer: { type: 'rmsprop' } } }, 'DOC_TRAINING'],
    ['duplicate edge id', {
      version: 1,
      nodes: [{ id: 'a', type: 'ReLU' }, { id: 'b', type: 'ReLU' }],
      edges: [{ id: 'e', from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } }, { id: 'e', from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } }],
    }, 'DOC_DUPLICATE_ID'],
  ])('%s → %s', (_name, raw, code) => {
    expect(() => parseDocument(JSON.stringify(raw), 'inline.wiregrad.json')).toThrow(DocumentError);
    try {
      parseDocument(JSON.stringify(raw), 'inline.wiregrad.json');
    } catch (e) {
      expect((e as DocumentError).code).toBe(code);
      expect((e as DocumentError).message).toMatch(/^inline\.wiregrad\.json/);
    }
  });
});

describe('version migration', () => {
  it('a version 0 prototype file is migrated to the current format', () => {
    const doc = parseDocument(read('version0-prototype.wiregrad.json'), 'version0-prototype.wiregrad.json');
    expect(doc.version).toBe(DOCUMENT_VERSION);
    expect(doc.edges.map((e) => [e.id, e.from, e.to])).toEqual([
      ['a', { node: 'input', port: 'x' }, { node: 'flatten', port: 'in' }],
      ['b', { node: 'flatten', port: 'out' }, { node: 'fc', port: 'in' }],
      ['c', { node: 'fc', port: 'out' }, { node: 'loss', port: 'input' }],
      ['d', { node: 'input', port: 'y' }, { node: 'loss', port: 'target' }],
    ]);
    for (const e of doc.edges) for (const k of ['source', 'sourceHandle', 'target', 'targetHandle']) expect(e).not.toHaveProperty(k);
    // Unknown edge fields survive the migration.
    expect(doc.edges[2].animated).toBe(true);
    // The missing training section gets the defaults.
    expect(doc.training).toEqual(defaultTraining());
    expect(doc.name).toBe('Prototype MLP');
    expect(checkDocument(doc).diagnostics).toEqual([]);
  });

  it('a file from a newer Wiregrad is refused, not misread', () => {
    const e = parseError('malformed/newer-version.wiregrad.json');
    expect(e.code).toBe('DOC_TOO_NEW');
    expect(e.message).toContain(`up to ${DOCUMENT_VERSION}`);
  });
});

describe('round trip', () => {
  it('unknown top-level, node, edge and training fields survive parse + serialize', () => {
    const doc = parseDocument(read('unknown-fields.wiregrad.json'), 'unknown-fields.wiregrad.json');
    const again = JSON.parse(serializeDocument(doc));
    expect(again.futureFeature).toEqual({ enabled: true, level: 3 });
    const fc = again.nodes.find((n: { id: string }) => n.id === 'fc');
    expect(fc.color).toBe('#ff8800');
    expect(fc.label).toBe('classifier');
    expect(again.edges[2].style).toEqual({ dashed: true });
    expect(again.training.scheduler).toEqual({ type: 'cosine', T_max: 10 });
    expect(parseDocument(serializeDocument(doc), 'x.wiregrad.json')).toEqual(doc);
  });

  it('fills defaults: node positions, edge ids, optimizer hyperparameters', () => {
    const doc = parseDocument(
      JSON.stringify({
        version: 1,
        nodes: [{ id: 'a', type: 'ReLU' }, { id: 'b', type: 'ReLU' }],
        edges: [{ from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'in' } }],
        training: { optimizer: { type: 'adam' } },
      }),
      'defaults.wiregrad.json',
    );
    expect(doc.name).toBe('defaults');
    expect(doc.nodes[1].position).toEqual({ x: 0, y: 80 });
    expect(doc.nodes[0].params).toEqual({});
    expect(doc.edges[0].id).toBe('e0');
    expect(doc.training.optimizer).toEqual({ type: 'adam', lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 });
  });

  it.each(['mnist-mlp', 'mnist-lenet', 'cifar-convnet'])('template %s is stable under parse → serialize → parse', (name) => {
    const text = fs.readFileSync(path.join(templates, `${name}.wiregrad.json`), 'utf8');
    const doc = parseDocument(text, `${name}.wiregrad.json`);
    const out = serializeDocument(doc);
    expect(out.endsWith('}\n')).toBe(true);
    expect(parseDocument(out, `${name}.wiregrad.json`)).toEqual(doc);
    expect(out).toBe(text);
  });
});
