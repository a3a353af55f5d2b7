/** The bundled templates are stored laid out by the app's own auto-layout, so opening one looks like pressing L. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoLayout } from '../../renderer/canvas/layout';
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
  }
});
