// Lays out the bundled templates with the app's auto-layout (renderer/canvas/layout.ts, left
// to right, estimated node sizes) and writes the positions back, so a template opens looking
// like what L gives. `npx tsx scripts/layout-templates.ts`; test/renderer/templates.test.ts
// fails when the files and the layout drift apart.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { autoLayout } from '../renderer/canvas/layout';

const dir = join(__dirname, '..', 'assets', 'templates');

async function main(): Promise<void> {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.wiregrad.json'))) {
    const path = join(dir, f);
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    const pos = await autoLayout(doc, { dir: 'LR' });
    for (const n of doc.nodes) n.position = pos[n.id];
    writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`${f}: ${doc.nodes.length} layers laid out`);
  }
}

void main();
