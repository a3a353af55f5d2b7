/**
 * The inspector part of a block instance: the definition's parameter defaults, which every
 * instance that does not set its own value follows (linked copies), and the block actions.
 */
import type { DocNode, ProjectDocument } from '../../core/graph/document';
import { blockOf } from '../../core/blocks/resolve';
import { layerDef } from '../store/layerLookup';
import { editor } from '../store/editorStore';
import { ParamField } from '../inspector/ParamField';
import { runAction } from '../actions/bindings';
import { exportBlockFile } from './library';

export function BlockSection({ doc, node, locked }: { doc: ProjectDocument; node: DocNode; locked: boolean }) {
  const block = blockOf(doc.blocks, node.type);
  const def = layerDef(node.type, doc);
  if (!block || !def) return null;
  const count = doc.nodes.filter((n) => n.type === node.type).length;
  return (
    <section className="wg-inspector__block" aria-label={`Block ${node.type}`}>
      <fieldset className="wg-fieldset" disabled={locked} aria-label={`${node.type} defaults`}>
        <legend>
          {node.type} defaults · {count} instance{count === 1 ? '' : 's'}
        </legend>
        {def.params.map((spec) => (
          <ParamField
            key={`${node.type}.${spec.name}`}
            spec={spec}
            value={block.params[spec.name].default}
            disabled={locked}
            onChange={(value, session) => editor.setBlockDefault(node.type, spec.name, value, session)}
          />
        ))}
        {def.params.length ? null : <p className="wg-muted">No exposed parameters; open the block to edit its layers.</p>}
      </fieldset>
      <div className="wg-inspector__actions">
        <button type="button" className="wg-btn" disabled={locked} onClick={() => runAction('openBlock', { nodeId: node.id })}>
          Open block
        </button>
        <button type="button" className="wg-btn" disabled={locked} onClick={() => runAction('ungroup', { nodeId: node.id })}>
          Ungroup
        </button>
        <button type="button" className="wg-btn" onClick={() => void exportBlockFile(node.type)}>
          Export block…
        </button>
      </div>
    </section>
  );
}
