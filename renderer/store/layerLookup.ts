/**
 * Layer lookup in the renderer: built-in layers and the document's blocks
 * (core/blocks/resolve.ts). Code that has the document passes it; code that only has a type
 * name (node sizes, port offsets) resolves against the open document.
 */
import { resolveLayer } from '../../core/blocks/resolve';
import type { ProjectDocument } from '../../core/graph/document';
import type { LayerDef } from '../../core/layers/types';
import { editorStore } from './editorStore';

export function layerDef(type: string, doc: Pick<ProjectDocument, 'blocks'> = editorStore.get().doc): LayerDef | undefined {
  return resolveLayer(doc, type);
}
