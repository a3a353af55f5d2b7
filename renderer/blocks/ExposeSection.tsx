/**
 * Inside an open block: which of the selected inner layer's parameters the block exposes
 * (every instance can then set it; the block's default is the layer's current value).
 */
import type { BlockDef, DocNode, ProjectDocument } from '../../core/graph/document';
import { toggleExposed } from '../../core/blocks/edit';
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { layerDef } from '../store/layerLookup';

export function ExposeSection({ doc, node, locked }: { doc: ProjectDocument; node: DocNode; locked: boolean }) {
  const frame = useStore(editorStore, (s) => s.scope.at(-1));
  const block = frame ? doc.blocks?.[frame.block] : undefined;
  const def = layerDef(node.type, doc);
  if (!frame || !block || !def?.params.length) return null;
  // The open definition's current graph is the canvas's (the view), its params the copy in the view's blocks.
  const current: BlockDef = { ...block, nodes: doc.nodes, edges: doc.edges };
  return (
    <fieldset className="wg-fieldset" disabled={locked} aria-label={`${frame.block} parameters`}>
      <legend>Exposed by {frame.block}</legend>
      {def.params.map((spec) => {
        const exposed = Object.entries(block.params ?? {}).find(([, p]) => p.bind.some((b) => b.node === node.id && b.param === spec.name));
        return (
          <label key={spec.name} className="wg-field wg-field--check" title="Every instance can set it; the block's default is this layer's value">
            <input
              type="checkbox"
              checked={!!exposed}
              aria-label={`expose ${spec.name}`}
              onChange={(e) => editor.commit({ kind: 'setBlock', name: frame.block, block: toggleExposed(current, node, spec.name, e.target.checked, doc) }, { label: `${e.target.checked ? 'Expose' : 'Hide'} ${spec.name}` })}
            />
            <span className="wg-mono">{spec.name}</span>
            {exposed ? <span className="wg-muted"> as {exposed[0]}</span> : null}
          </label>
        );
      })}
    </fieldset>
  );
}
