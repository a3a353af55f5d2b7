/** The bundled templates are stored laid out by the app's own auto-layout, so opening one looks like pressing L. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoLayout, fittedZoom, REFERENCE_VIEW } from '../../renderer/canvas/layout';
import { estimateNodeSize } from '../../renderer/canvas/nodeSize';
import type { ProjectDocument } from '../../core/graph/document';

const dir = join(__dirname, '..', '..', 'assets', 'templates');
const files = readdirSync(dir).filter((f) => f.endsWith('.wiregrad.json'));

describe('template layouts', () => {
  it('there are templates', () => expect(files.length).toBeGreaterThanOrEqual(3));
  for (const f of files) {
    it(`${f} is laid out as auto-layout (left to right) lays it out; run scripts/layout-templates.ts after changing one`, async () => {
      const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ProjectDocument;
      const pos = await autoLayout(doc, { dir: 'LR' });
      expect(Object.fromEntries(doc.nodes.map((n) => [n.id, n.position]))).toEqual(pos);
    });
    it(`${f} fits a 1280×800 window's canvas at a readable zoom (≥ 0.5): a long chain wraps into rows`, () => {
      const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ProjectDocument;
      const children = doc.nodes.map((n) => ({ id: n.id, ...n.position, ...estimateNodeSize(n) }));
      const width = Math.max(...children.map((c) => c.x + c.width)) - Math.min(...children.map((c) => c.x));
      const height = Math.max(...children.map((c) => c.y + c.height)) - Math.min(...children.map((c) => c.y));
      expect(fittedZoom({ id: 'root', children, width, height }, REFERENCE_VIEW)).toBeGreaterThanOrEqual(0.5);
    });
  }
});
