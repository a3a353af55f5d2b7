/** Palette grouping and search, pure so the ordering and matching can be tested. */
import type { ProjectDocument } from '../../core/graph/document';
import { LAYER_CATEGORIES } from '../../core/layers/categories';
import { layerCatalog } from '../../core/layers/index';
import { blockLayer } from '../../core/blocks/resolve';
import type { BlockFile } from '../../core/blocks/library';
import type { LayerDef } from '../../core/layers/types';

/**
 * Everything the palette and the canvas search offer for a document: the layer registry
 * today; the document's own blocks join here (one list for both places).
 */
export function paletteCatalog(doc?: ProjectDocument, open: readonly string[] = [], library: readonly BlockFile[] = []): readonly LayerDef[] {
  // Inside an open block its own definition is not offered (a block cannot contain itself).
  const names = Object.keys(doc?.blocks ?? {}).filter((n) => !open.includes(n));
  const own = names.map((n) => blockLayer(doc!.blocks, n)).filter((d): d is LayerDef => !!d);
  // Library blocks the project does not have yet; adding one imports it first (renderer/blocks/library.ts).
  const fromLibrary = library
    .filter((f) => !names.includes(f.name) && !open.includes(f.name))
    .map((f) => blockLayer(f.blocks, f.name))
    .filter((d): d is LayerDef => !!d)
    .map((d) => ({ ...d, doc: `From your block library: ${d.doc}` }));
  return own.length || fromLibrary.length ? [...layerCatalog, ...own, ...fromLibrary] : layerCatalog;
}

export const GROUPS = LAYER_CATEGORIES;

/** Matches type names and docs; type-name prefix matches rank first ("li" → Linear before others). */
export function filterLayers(catalog: readonly LayerDef[], query: string): LayerDef[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...catalog];
  const score = (d: LayerDef) => {
    const t = d.type.toLowerCase();
    if (t.startsWith(q)) return 0;
    if (t.includes(q)) return 1;
    if (d.category.includes(q)) return 2;
    if (d.doc.toLowerCase().includes(q)) return 3;
    return -1;
  };
  return catalog
    .map((d) => [d, score(d)] as const)
    .filter(([, s]) => s >= 0)
    .sort((a, b) => a[1] - b[1])
    .map(([d]) => d);
}

/** Visible order: grouped by category in GROUPS order when browsing, by relevance when searching. */
export function paletteSections(catalog: readonly LayerDef[], query: string): { title: string; items: LayerDef[] }[] {
  const items = filterLayers(catalog, query);
  if (query.trim()) return items.length ? [{ title: 'Results', items }] : [];
  return GROUPS.map((g) => ({ title: g.title, items: items.filter((d) => d.category === g.category) })).filter((s) => s.items.length);
}
