/** Builds new document nodes with the layer's defaults written out, so files read plainly. */
import type { DocNode, ParamValue, Position } from '../../core/graph/document';
import { layerDef } from './layerLookup';

export function defaultParams(type: string): Record<string, ParamValue> {
  const def = layerDef(type);
  const params: Record<string, ParamValue> = {};
  // A block instance starts with no values of its own: it follows its definition's defaults (linked copies).
  if (def?.category === 'block') return params;
  for (const p of def?.params ?? []) params[p.name] = Array.isArray(p.default) ? [...p.default] : p.default;
  return params;
}

export function createNode(type: string, id: string, position: Position): DocNode {
  return { id, type, params: defaultParams(type), position: { x: Math.round(position.x), y: Math.round(position.y) } };
}
